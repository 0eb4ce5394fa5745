/**
 * Production build of the backend: one ESM bundle per entry under dist/backend, with every npm
 * package left external (installed by `npm ci --omit=dev`), so nothing from the dev toolchain
 * (tsx, vite, wxt) runs in production.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

await build({
  entryPoints: { main: 'backend/main.ts', cli: 'backend/cli/main.ts' },
  outdir: 'dist/backend',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external: Object.keys(pkg.dependencies),
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'info',
});
