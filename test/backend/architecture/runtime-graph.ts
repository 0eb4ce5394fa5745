import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/**
 * The runtime import graph of the extension's own modules, read with TypeScript's parser: what a
 * bundler keeps from a module. `import type`, `export type` and imports whose every name is marked
 * `type` are erased by the build and not followed; side-effect imports, re-exports and dynamic
 * `import()` are. Relative specifiers are resolved like the bundler does (.ts, .tsx, index);
 * package specifiers are leaves.
 */
export type ReadSource = (path: string) => string | null;

export const readFromDisk =
  (root: string): ReadSource =>
  (path) => {
    const abs = join(root, path);
    return existsSync(abs) ? readFileSync(abs, 'utf8') : null;
  };

export function runtimeImports(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const erased = c !== undefined && (c.isTypeOnly || (!c.name && named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly)));
      if (!erased) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      if (!node.isTypeOnly && !(named && named.length > 0 && named.every((e) => e.isTypeOnly))) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function resolve(from: string, specifier: string, read: ReadSource): string | null {
  const base = join(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), join(base, 'index.tsx')]) {
    if (/\.tsx?$/.test(candidate) && read(candidate) !== null) return candidate;
  }
  return null;
}

/**
 * The chains from `entries` to a package `banned` says no to, shortest first per package and
 * module (breadth-first), e.g. `entrypoints/panel.content/index.tsx → lib/contract/errors.ts → zod`.
 */
export function chainsTo(entries: string[], banned: (pkg: string) => boolean, read: ReadSource, root = ''): string[] {
  const parent = new Map<string, string | null>(entries.map((e) => [e, null]));
  const queue = [...entries];
  const chains: string[] = [];
  const chainOf = (m: string): string[] => {
    const up = parent.get(m);
    return up ? [...chainOf(up), m] : [m];
  };
  while (queue.length > 0) {
    const module = queue.shift()!;
    const text = read(module);
    if (text === null) continue;
    for (const spec of runtimeImports(module, text)) {
      if (!spec.startsWith('.')) {
        if (banned(spec)) chains.push([...chainOf(module), spec].map((p) => (root ? relative(root, join(root, p)) : p)).join(' → '));
        continue;
      }
      const target = resolve(module, spec, read);
      if (target && !parent.has(target)) {
        parent.set(target, module);
        queue.push(target);
      }
    }
  }
  return chains;
}
