import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { DatabaseHandle } from '../../../backend/db/database';

/**
 * A database handle that counts the statements run through it (every query, the precompiled
 * ones included: Kysely passes every result through its plugins). For "SQL per request" tests.
 */
export function countingHandle(handle: DatabaseHandle): { handle: DatabaseHandle; count: () => number; sql: string[] } {
  const seen: string[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      seen.push(args.queryId.queryId);
      return args.result;
    },
  };
  const db = handle.db.withPlugin(plugin);
  return { handle: { ...handle, db }, count: () => seen.length, sql: seen };
}
