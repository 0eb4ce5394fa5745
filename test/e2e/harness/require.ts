import { existsSync } from 'node:fs';

/**
 * End-to-end suites need real browsers. Under CI=true a missing browser fails the suite; on a
 * developer machine without it the suite is reported as skipped, loudly.
 */
export function requireBinary(path: string, what: string): boolean {
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`${what} is required under CI=true but ${path} does not exist (.ci/run installs it)`);
  console.warn(`[e2e] ${what} not found at ${path}: skipping this suite on this machine`);
  return false;
}

export function requireBuild(dir: string): void {
  if (!existsSync(`${dir}/manifest.json`)) throw new Error(`No extension build in ${dir}: run \`npm run build\` first (npm test does).`);
}
