/** The cache change feed (migration 0013; backend/db/change-watch.ts reads it). */

/** One row (id 1): the global sequence every watched change bumps. */
export interface CacheSeqTable {
  id: number;
  seq: number;
}

/** Per topic and workspace: the sequence of its last change. */
export interface CacheChangesTable {
  topic: string;
  key: string;
  seq: number;
}
