// Lint rules, including the layering of DEVELOPERS/STYLE section 1: each folder may only
// import in one direction. A wrong-way import fails `npm run lint` (and so CI).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'worker_threads',
  'crypto',
  'net',
  'http',
  'url',
  'stream',
];

const browserGlobals = [
  'window',
  'document',
  'navigator',
  'location',
  'history',
  'sessionStorage',
  'localStorage',
  'fetch',
  'WebSocket',
  'Blob',
  'File',
  'HTMLElement',
  'HTMLDivElement',
  'HTMLInputElement',
  'HTMLDialogElement',
  'SubmitEvent',
  'ResizeObserver',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'crypto',
  'btoa',
  'atob',
  'confirm',
  'getComputedStyle',
  'matchMedia',
];

/** no-restricted-imports patterns that keep a layer from reaching the wrong way. */
function layer(files, forbidden, message) {
  return {
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: forbidden.map((group) => ({ group: [group], message })) },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'test/fixtures/**',
      'test/tmp/**',
      'bench-out/**',
      'renderer/dist/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...svelte.configs.recommended,
  {
    // The page: Svelte components (TypeScript inside) and the browser's globals.
    files: ['renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: Object.fromEntries(browserGlobals.map((name) => [name, 'readonly'])) },
  },
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        Buffer: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        SharedArrayBuffer: 'readonly',
        Atomics: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(
    ['shared/**/*.ts'],
    ['**/main/**', '**/renderer/**', ...nodeBuiltins, 'better-sqlite3', 'electron'],
    'shared/ imports neither main nor renderer nor Node: it is used by both sides.',
  ),
  layer(
    ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    ['**/main/**', ...nodeBuiltins, 'better-sqlite3', 'electron'],
    'renderer/ imports no Node, no Electron and nothing from main: it talks to main through renderer/lib.',
  ),
  layer(
    ['main/engines/**/*.ts'],
    [
      '**/project/**',
      '**/ingest/**',
      '**/jobs/**',
      '**/app/**',
      '**/host/**',
      '**/api.ts',
      '**/cli.ts',
      ...nodeBuiltins,
      'better-sqlite3',
      'electron',
      'csv-parse',
      'exceljs',
    ],
    'main/engines/ is pure computation: no Electron, no SQLite, no I/O, nothing from the rest of main.',
  ),
  layer(
    ['main/project/**/*.ts', 'main/ingest/**/*.ts', 'main/jobs/**/*.ts'],
    ['**/app/**', '**/host/**', '../api.ts', '../cli.ts', '**/renderer/**', 'electron'],
    'project, ingest and jobs sit below main/api.ts and the hosts: they import no API, host, CLI or Electron.',
  ),
);
