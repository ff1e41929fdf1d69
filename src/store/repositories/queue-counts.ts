import { sql } from 'kysely';
import type { Db } from './db.js';

export type QueueCounts = Record<string, number>;

/** Rows per status of the inbox or outbox, for /metrics and `rapport inbox`. */
export async function countByStatus(
  db: Db,
  table: 'webhook_inbox' | 'outbox',
): Promise<QueueCounts> {
  const rows = await db
    .selectFrom(table)
    .select(['status', sql<number>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
