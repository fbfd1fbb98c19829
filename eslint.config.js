// Lint: typescript-eslint's recommended rules, React hooks rules in ui/ and app/, and the layer rules
// (see src/README.md): domain ← services ← ui ← app, each layer importing only from the ones below it.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const layer = (name) => `./src/${name}`;

/** Globals that are the DOM or I/O: domain code gets them injected, never reaches for them. */
const DOMAIN_FORBIDDEN_GLOBALS = ['fetch', 'window', 'document', 'localStorage', 'indexedDB', 'XMLHttpRequest', 'navigator', 'self'].map((name) => ({
  name,
  message: 'src/domain is pure TypeScript: no DOM and no I/O (take what you need as a parameter, or put the code in src/services).',
}));

/** Server code that is not pure but is shared with the browser on purpose (PACS client, frame fetch, SR round trips, ORT on Node). */
const SERVER_ALLOWED_SERVICES = [
  'pacs/client.ts',
  'pacs/orthanc-changes.ts',
  // One study cache: the worker's first-image name and chest image choice share its series and metadata.
  'pacs/study-cache.ts',
  'inference/pixels/fetch-frame.ts',
  'inference/study-instances.ts',
  'inference/sr-results.ts',
  'inference/runtime/ort-node.ts',
  'reading/review/fetch-study-srs.ts',
  'reading/monitoring/load.ts',
  'reading/feedback/feedback-image.ts',
];

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/tmp/**', '.dokuei/**', 'models/**', 'public/**', '**/*.min.js'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: layer('domain'), from: [layer('services'), layer('ui'), layer('app')], message: 'src/domain imports only src/domain.' },
            { target: layer('services'), from: [layer('ui'), layer('app')], message: 'src/services imports only src/domain and src/services.' },
            { target: layer('ui'), from: [layer('app')], message: 'src/ui never imports src/app.' },
            { target: './src', from: ['./server', './tools', './tests', './e2e'], message: 'src/ is the app: it never imports the server, scripts, build tools or tests.' },
          ],
        },
      ],
    },
  },
  {
    // The server shares these src/services modules with the browser on purpose (see SERVER_ALLOWED_SERVICES).
    files: ['server/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './server', from: [layer('ui'), layer('app')], message: 'server/ imports src/domain only.' },
            {
              target: './server',
              from: layer('services'),
              except: SERVER_ALLOWED_SERVICES.map((file) => `./${file}`),
              message: 'server/ imports src/domain only; the shared src/services modules are listed in eslint.config.js.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['react', 'react-dom', 'zustand', 'onnxruntime-web', 'onnxruntime-node'].map((name) => ({ name, message: 'src/domain is pure TypeScript: no React, state or runtime libraries.' })),
          patterns: [
            { group: ['react/*', 'react-dom/*', 'zustand/*', '@cornerstonejs/*'], message: 'src/domain is pure TypeScript: no React, state or Cornerstone.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', ...DOMAIN_FORBIDDEN_GLOBALS],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}', 'src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // Plain JS: Node scripts, and page scripts the benches inject into the browser.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    // Playwright fixtures without dependencies are written `async ({}, use) => …`.
    files: ['e2e/**/*.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
);
