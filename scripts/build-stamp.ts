import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Whether `npm start` may skip the extension build: a SHA-256 over everything the build reads
 * (the extension's source folders, the build and TypeScript configuration, the dependency tree
 * as the lockfile pins it) is stored in `.output/build-stamp.json` after both builds succeeded,
 * and compared on the next start. Removed before a build starts, so an interrupted build never
 * looks current.
 */

/** Folders the extension is built from (the backend, tests and scripts are not part of it). */
export const SOURCE_DIRS = ['entrypoints', 'components', 'lib', 'public', 'assets'];
export const SOURCE_FILES = ['wxt.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json'];
export const BUILDS = ['chrome-mv3', 'firefox-mv2'];
const STAMP = 'build-stamp.json';

function files(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(abs, { withFileTypes: true })) {
    const rel = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(root, rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

export function sourceHash(root: string): string {
  const paths = [...SOURCE_DIRS.flatMap((d) => files(root, d)), ...SOURCE_FILES.filter((f) => existsSync(join(root, f)))].sort();
  const hash = createHash('sha256');
  for (const p of paths) {
    // The path (with / on every OS) and the length frame each file, so moving bytes between files changes the hash.
    const body = readFileSync(join(root, p));
    hash.update(`${p.split(sep).join('/')}\0${body.length}\0`);
    hash.update(body);
  }
  return hash.digest('hex');
}

export type BuildCheck = { current: true } | { current: false; reason: string };

export function checkBuild(root: string, hash: string): BuildCheck {
  const outDir = join(root, '.output');
  for (const b of BUILDS) if (!existsSync(join(outDir, b, 'manifest.json'))) return { current: false, reason: `no ${b} build yet` };
  let stamp: { hash?: unknown };
  try {
    stamp = JSON.parse(readFileSync(join(outDir, STAMP), 'utf8')) as { hash?: unknown };
  } catch {
    return { current: false, reason: 'no record of the sources the last build used' };
  }
  return stamp.hash === hash ? { current: true } : { current: false, reason: 'sources changed since the last build' };
}

export function clearStamp(root: string): void {
  rmSync(join(root, '.output', STAMP), { force: true });
}

export function writeStamp(root: string, hash: string): void {
  const outDir = join(root, '.output');
  if (!statSync(outDir).isDirectory()) return;
  writeFileSync(join(outDir, STAMP), `${JSON.stringify({ hash, builtAt: new Date().toISOString() })}\n`);
}
