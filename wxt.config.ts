import { defineConfig } from 'wxt';
import { DEFAULT_BACKEND_URL } from './lib/extension/extension-config';
import { originPattern } from './lib/extension/backend-url';
import { CHROME_EXTENSION_KEY } from './lib/contract/extension-identity';

// The manifest is a function of the target browser so Chrome's stays free of Gecko-only keys.
export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  outDir: '.output',
  // Explicit imports everywhere: the code reads the same in the extension, the backend and the tests.
  imports: false,
  // The sources zip Mozilla's review asks for holds the extension's sources only: the backend,
  // its sandbox (with a dev-only client secret) and the tests are not part of the add-on.
  zip: { excludeSources: ['backend/**', 'test/**', 'scripts/**', 'docs/**', 'bench/**', 'data/**', 'dist/**', '.ci/**', '.env*'] },
  vite: () => ({
    build: {
      rollupOptions: {
        // zod 4 writes explanatory comments that mention `@__PURE__` where Rollup cannot use an
        // annotation; Rollup drops them and warns (INVALID_ANNOTATION) on every build. Only that
        // code, only for zod's own files, is dropped here: every other warning still shows.
        onwarn(warning, warn) {
          if (warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '')) return;
          warn(warning);
        },
      },
    },
  }),
  manifest: ({ browser }) => {
    // Match patterns carry no port: this grants the default backend host on any port.
    const backendOrigin = originPattern(DEFAULT_BACKEND_URL);
    return {
      name: 'Portside for HubSpot',
      description: 'Your team panel on HubSpot contacts, companies, deals and tickets: your access, the record, notes and tasks.',
      // `scripting`: the background injects the panel into HubSpot tabs that show a CRM record
      // (lib/extension/background/panel-injector.ts), so other HubSpot pages run no extension code at all.
      permissions: ['storage', 'scripting'],
      // The background may talk to the default backend; any other backend origin is asked for at run
      // time (options page). WXT adds the panel script's HubSpot match pattern, which injection (and
      // reading those tabs' URLs) needs.
      host_permissions: [backendOrigin],
      optional_host_permissions: ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'],
      ...(browser === 'firefox'
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'portside@portside.dev',
                // 140 (ESR) is the first release that knows data_collection_permissions.
                strict_min_version: '140.0',
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : // Pins the Chrome id, so the backend's CORS list can name this extension (lib/contract/extension-identity.ts).
          { key: CHROME_EXTENSION_KEY }),
    };
  },
});
