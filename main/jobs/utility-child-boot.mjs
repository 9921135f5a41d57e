// Entry point of an Electron utility process running a job: registers the TypeScript loader
// (tsx), then loads the job adapter.
import { register } from 'tsx/esm/api';

register();
await import('./utilityChild.ts');
