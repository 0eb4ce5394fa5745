import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * A small import-graph walker for the dependency-direction test (service-cycles.test.ts): every
 * relative `import`/`export … from`/dynamic `import()` of the .ts files under a root, type-only
 * imports included (a type is a dependency of the design even if the bundle drops it).
 * Portside imports its own code only by relative path (eslint.config.js), so no resolver is needed.
 */
export type ImportGraph = Map<string, Set<string>>;

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec.replace(/\.js$/, ''));
  for (const candidate of [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** File → the files it imports, as paths relative to `root` with `/` separators. */
export function importGraph(root: string): ImportGraph {
  const rel = (p: string) => relative(root, p).split(sep).join('/');
  const graph: ImportGraph = new Map();
  for (const file of tsFiles(root)) {
    const targets = new Set<string>();
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolveImport(file, (m[1] ?? m[2])!);
      // Imports leaving the root (lib/contract/api, the contract) are not part of this graph.
      if (target && !relative(root, target).startsWith('..')) targets.add(rel(target));
    }
    graph.set(rel(file), targets);
  }
  return graph;
}

/**
 * The graph between parts: `partOf` names the part a file belongs to (or null to leave it out);
 * an edge A → B lists the file imports that make it, for the failure message.
 */
export function partGraph(graph: ImportGraph, partOf: (file: string) => string | null): Map<string, Map<string, string[]>> {
  const parts = new Map<string, Map<string, string[]>>();
  for (const [file, targets] of graph) {
    const from = partOf(file);
    if (!from) continue;
    for (const target of targets) {
      const to = partOf(target);
      if (!to || to === from) continue;
      const edges = parts.get(from) ?? parts.set(from, new Map()).get(from)!;
      const why = edges.get(to) ?? edges.set(to, []).get(to)!;
      why.push(`${file} → ${target}`);
    }
  }
  return parts;
}

/** Every strongly connected group of more than one part (Tarjan), each sorted; none means no cycle. */
export function cycles(parts: Map<string, Map<string, string[]>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const nodes = new Set([...parts.keys(), ...[...parts.values()].flatMap((e) => [...e.keys()])]);
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of parts.get(v)?.keys() ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!idx.has(v)) visit(v);
  return found;
}
