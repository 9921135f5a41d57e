// Electron's entry point (bin/start.mjs runs `electron main/app/entry.mjs`; package builds
// point "main" here): registers the TypeScript loader, then starts main/app/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
