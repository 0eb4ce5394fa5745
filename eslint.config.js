// @ts-check
import tseslint from 'typescript-eslint';

/**
 * Lint for the whole repository: typescript-eslint's recommended set (no stylistic rules) and the
 * import boundaries of docs/architecture.md, enforced with `@typescript-eslint/no-restricted-imports`
 * patterns per folder. Portside imports its own code only by relative path (no aliases), so a
 * pattern on the import string names the folder reliably without a resolver plugin; the zones
 * below are disjoint because ESLint replaces (does not merge) a rule's options when two blocks
 * match one file, so each zone lists every restriction that applies to it.
 * Which files know HubSpot (URLs, x-hubspot-* headers, error fields) is a string rule, checked by
 * test/backend/architecture/hubspot-boundary.test.ts rather than here.
 * test/backend/architecture/lint-boundaries.test.ts shows each boundary failing on a fixture.
 */

/** The contract shared by extension and backend: API schemas, error codes, the extension's identity, safe text. */
const CONTRACT = ['lib/contract/**'];

/** The folders only the content script (the panel in HubSpot's page) runs. */
const CONTENT = ['components/panel/**', 'lib/extension/content/**', 'entrypoints/*.content/**', 'entrypoints/*.content.ts', 'entrypoints/*.content.tsx'];

const NO_ZOD =
  "No zod in the content script (it runs in every HubSpot tab): the panel checks only the shape of its background's answers (lib/extension/content/ask-background). Import types only (import type), or move the value into a zod-free module.";

/** The stores: every query module of a feature (issue 19 item 2 chose services/<feature>/ over a backend/store/ folder). */
const STORES = ['backend/services/*/store.ts', 'backend/services/*/*-store.ts'];

const rule = (regex, message, extra = {}) => ({ regex, message, ...extra });

const R = {
  noBackend: rule('^(\\.\\./)+backend(/|$)|^[@~]/backend(/|$)', 'The extension never imports backend/: share code through the contract (lib/contract/api, lib/contract/errors, lib/contract/extension-identity, lib/contract/safe-text).'),
  noExtensionUi: rule('^(\\.\\./)+(components|entrypoints)(/|$)', 'backend/ never imports components/ or entrypoints/.'),
  backendLibContractOnly: rule('^(\\.\\./)+lib/(?!contract/)', 'backend/ imports from lib/ only the contract: lib/contract/api/*, lib/contract/errors, lib/contract/extension-identity.'),
  noSandbox: rule('^(\\.\\./|\\./)+sandbox(/|$)', 'Only backend/dev/ (and tests) import the sandbox, so the production bundle holds none of it (issue 19 item 8).', { allowTypeImports: true }),
  servicesNoHttp: rule('^(\\.\\./)+(http|routes)(/|$)', 'backend/services never import backend/routes or backend/http: routes call services, not the reverse.'),
  // Per folder only a direct import can be seen; a chain through other modules (the contract's
  // zod schemas, say) is caught by test/backend/architecture/content-zod.test.ts, which walks the
  // graph from the content entrypoints.
  noZod: rule('^zod(/|$)', NO_ZOD, { allowTypeImports: true }),
  noBackground: rule('^(\\.\\./)+lib/extension/background(/|$)', 'Components never import lib/extension/background/*: they ask the background (lib/extension/ask) and use shared types from lib/extension/messages or lib/contract/api.'),
  storeOwnFeature: rule('^\\.\\./(?!\\.\\./)', 'A store (backend/services/*/store.ts, *-store.ts) imports no other feature: data access sits below the services, beside backend/db.'),
  noBrowserApi: rule('^(wxt/browser|webextension-polyfill|#imports)$', 'Components use no browser.* API: the background or an injected store does that for them.'),
};

const zone = (files, patterns, ignores = []) => ({
  files,
  ignores,
  rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.wxt/', 'dist/', 'data/', 'coverage/', 'web-ext-artifacts/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // Not in typescript-eslint's set, but the code already marks the two regexes that match
      // control characters on purpose (lib/contract/safe-text.ts, engagement-payload.ts); keep that checked.
      'no-control-regex': 'error',
      // A leading underscore marks a value left unused on purpose (an omitted rest sibling, a
      // callback parameter required by the signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
      // Off: its 3 findings are a `let` declared before a closure that reads it (a signal handler
      // in backend/sandbox/main.ts, two tests); `const` there would only move the problem into the TDZ.
      'prefer-const': 'off',
    },
  },
  {
    // Tests and benches read arbitrary JSON from the sandbox and browser pages (evaluate()); an
    // `any` there is the honest type and the assertions check the shape.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // Extension.
  zone(['components/**'], [R.noBackend, R.noBrowserApi, R.noBackground], CONTENT),
  zone(['components/panel/**'], [R.noBackend, R.noBrowserApi, R.noBackground, R.noZod]),
  zone(['lib/extension/content/**'], [R.noBackend, R.noZod]),
  zone(['entrypoints/*.content/**', 'entrypoints/*.content.ts', 'entrypoints/*.content.tsx'], [R.noBackend, R.noZod]),
  {
    files: ['components/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['fetch', 'browser', 'chrome', 'XMLHttpRequest'].map((name) => ({ name, message: 'Components use no browser.* API and no fetch: ask the background (lib/extension/ask) or use a store.' })),
      ],
    },
  },
  zone(['entrypoints/**'], [R.noBackend], CONTENT),
  zone(['lib/**'], [R.noBackend], [...CONTRACT, ...CONTENT]),
  // The contract imports nothing of the extension or the backend: only itself and npm packages.
  zone(['lib/contract/api/**'], [rule('^\\.\\./\\.\\./', 'The contract (lib/contract/api, lib/contract/errors, lib/contract/extension-identity, lib/contract/safe-text) imports only itself.'), R.noBrowserApi]),
  zone(['lib/contract/*.ts'], [rule('^\\.\\./', 'The contract (lib/contract/api, lib/contract/errors, lib/contract/extension-identity, lib/contract/safe-text) imports only itself.'), R.noBrowserApi]),
  // Backend.
  zone(['backend/**'], [R.noExtensionUi, R.backendLibContractOnly, R.noSandbox], ['backend/sandbox/**', 'backend/dev/**', 'backend/services/**']),
  // Data access lives with its feature, in services/<feature>/store.ts or *-store.ts (issue 19 item 2).
  zone(['backend/services/**'], [R.noExtensionUi, R.backendLibContractOnly, R.noSandbox, R.servicesNoHttp], STORES),
  zone(STORES, [R.noExtensionUi, R.backendLibContractOnly, R.noSandbox, R.servicesNoHttp, R.storeOwnFeature]),
  zone(['backend/dev/**'], [R.noExtensionUi, R.backendLibContractOnly]),
  // The sandbox plays HubSpot and imports nothing of Portside: no path leaving backend/sandbox/.
  zone(['backend/sandbox/*.ts'], [rule('^\\.\\./|^[@~]/', 'backend/sandbox imports nothing of Portside (backend/, lib/, components/).')]),
  zone(['backend/sandbox/*/**'], [rule('^\\.\\./\\.\\./|^[@~]/', 'backend/sandbox imports nothing of Portside (backend/, lib/, components/).')]),
);
