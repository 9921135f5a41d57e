#!/usr/bin/env node
// `npm start`: the desktop app when Electron is installed; otherwise the same app in browser
// mode on a printed 127.0.0.1 address (`pathwise serve`).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../main/cli.ts');
process.exitCode = await main(['serve', ...process.argv.slice(2)]);
