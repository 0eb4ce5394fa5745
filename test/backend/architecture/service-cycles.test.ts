import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, importGraph, partGraph, type ImportGraph } from './import-graph';

/**
 * One dependency direction between the backend's parts (issue 19 item 3; docs/architecture.md):
 * no import cycle between the top-level service folders (backend/services/<feature>), nor
 * between them and the adapters beneath them (backend/hubspot, backend/vault, backend/metrics).
 * Type-only imports count: a port belongs to the lower part that the upper one calls.
 * The fixture below (fixtures/cyclic) holds both kinds of cycle, so the check is shown failing.
 */
const BACKEND = join(__dirname, '../../../backend');

/**
 * The part a file belongs to, or null for parts outside this rule (routes, http, store, db…,
 * which eslint.config.js orders). A feature's table types (services/<feature>/tables.ts) are
 * the database schema, not the feature: they describe rows every part reads, and are counted
 * with backend/db (issue 19 item 2 moves them into backend/db/schema.ts).
 */
export function partOf(file: string): string | null {
  if (/^services\/[^/]+\/tables\.ts$/.test(file)) return 'db';
  const service = /^services\/([^/]+)\//.exec(file);
  if (service) return `services/${service[1]}`;
  const adapter = /^(hubspot|vault|metrics)\//.exec(file);
  return adapter ? adapter[1]! : null;
}

function describeCycles(graph: ImportGraph): string[] {
  const parts = partGraph(graph, partOf);
  return cycles(parts).map((group) => {
    const edges = group.flatMap((from) => group.flatMap((to) => (parts.get(from)?.get(to) ?? []).map((why) => `  ${from} → ${to}: ${why}`)));
    return `cycle between ${group.join(', ')}:\n${edges.join('\n')}`;
  });
}

describe('dependency direction between backend parts', () => {
  it('has no cycle between service folders, hubspot, vault and metrics', () => {
    const graph = importGraph(BACKEND);
    // The walker really read the backend: a broken pattern would see no imports and pass vacuously.
    expect(graph.get('services/access/check.ts')?.size ?? 0).toBeGreaterThan(3);
    expect(describeCycles(graph)).toEqual([]);
  });

  it('reports a cycle between service folders and one through hubspot → vault → install (fixture)', () => {
    const found = describeCycles(importGraph(join(__dirname, 'fixtures/cyclic')));
    expect(found).toHaveLength(2);
    expect(found.join('\n')).toContain('cycle between services/a, services/b:');
    expect(found.join('\n')).toContain('cycle between hubspot, services/install, vault:');
    expect(found.join('\n')).toContain('services/b → services/a: services/b/create.ts → services/a/create.ts');
  });
});
