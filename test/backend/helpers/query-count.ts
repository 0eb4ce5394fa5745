import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { DatabaseHandle } from '../../../backend/db/database';

/**
 * A database handle that counts the statements run through it: every query, precompiled ones
 * included (Kysely passes every result through its plugins), each with the first table it names
 * (`?` for a precompiled statement, whose query tree the plugin never sees). For "SQL per
 * request" tests.
 */
export function countingHandle(handle: DatabaseHandle): { handle: DatabaseHandle; count: () => number; tables: string[] } {
  const tables: string[] = [];
  const named = new Map<unknown, string>();
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => {
      const m = /"kind":"TableNode","table":\{"kind":"SchemableIdentifierNode","identifier":\{"kind":"IdentifierNode","name":"([^"]+)"/.exec(JSON.stringify(args.node));
      named.set(args.queryId.queryId, m?.[1] ?? '(raw)');
      return args.node;
    },
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      tables.push(named.get(args.queryId.queryId) ?? '?');
      named.delete(args.queryId.queryId);
      return args.result;
    },
  };
  return { handle: { ...handle, db: handle.db.withPlugin(plugin) }, count: () => tables.length, tables };
}
