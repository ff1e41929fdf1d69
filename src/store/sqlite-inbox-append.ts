import type { Database, Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { InboxEvent } from './repositories/inbox-repository.js';
import type { Tables } from './tables.js';

const COLUMNS = [
  'portal_id',
  'dedupe_key',
  'subscription_type',
  'object_id',
  'occurred_at',
  'received_at',
  'payload',
  'status',
  'attempts',
  'next_attempt_at',
];

/**
 * The webhook acknowledgement path on SQLite: one cached prepared INSERT per batch size instead of
 * compiling and preparing a query per request. It runs while holding Kysely's connection, so it can
 * never land inside another caller's open transaction on the shared connection.
 */
export function createSqliteInboxAppend(db: Kysely<Tables>, raw: Database) {
  const statements = new Map<number, Statement>();
  const statementFor = (rows: number) => {
    let statement = statements.get(rows);
    if (!statement) {
      const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
      statement = raw.prepare(
        `insert into webhook_inbox (${COLUMNS.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')} on conflict (portal_id, dedupe_key) do nothing`,
      );
      statements.set(rows, statement);
    }
    return statement;
  };
  return async (events: readonly InboxEvent[], receivedAt: number): Promise<number> =>
    db.connection().execute(async () => {
      let inserted = 0;
      for (let i = 0; i < events.length; i += 500) {
        const chunk = events.slice(i, i + 500);
        const params: unknown[] = [];
        for (const e of chunk)
          params.push(
            e.portalId,
            e.dedupeKey,
            e.subscriptionType,
            e.objectId,
            e.occurredAt,
            receivedAt,
            e.payload,
            e.status ?? 'pending',
            0,
            receivedAt,
          );
        inserted += statementFor(chunk.length).run(params).changes;
      }
      return inserted;
    });
}
