import { sql } from 'kysely';
import type { Dialect } from '../dialect.js';
import { parseJson, type Db } from './db.js';

export type ChangeOutcome = 'applied' | 'stale' | 'created';

type VersionedTable = 'contacts' | 'companies' | 'deals';
const KEY: Record<VersionedTable, string> = {
  contacts: 'contact_id',
  companies: 'company_id',
  deals: 'deal_id',
};

/**
 * Applies column changes to one mirrored record only where they are newer than what the mirror
 * holds: HubSpot does not order webhook deliveries, so each column remembers the `occurredAt` of
 * the change that set it (`prop_versions`), and the record's `updated_at` (from the last full read)
 * is the floor. A change for a record the mirror does not have yet creates a placeholder from
 * `placeholder` plus the change; the next full read completes it.
 */
export async function applyVersionedChange(
  db: Db,
  dialect: Dialect,
  table: VersionedTable,
  portalId: number,
  id: number,
  columns: Record<string, unknown>,
  occurredAt: number,
  placeholder: Record<string, unknown>,
): Promise<ChangeOutcome> {
  const key = KEY[table];
  const lock = dialect === 'postgres' ? sql`for update` : sql``;
  const { rows } = await sql<{ prop_versions: string; updated_at: number }>`
    select prop_versions, updated_at from ${sql.table(table)} where portal_id = ${portalId} and ${sql.ref(key)} = ${id} ${lock}`.execute(
    db,
  );
  const current = rows[0];
  if (!current) {
    const versions = Object.fromEntries(Object.keys(columns).map((c) => [c, occurredAt]));
    await sql`insert into ${sql.table(table)} ${sql.raw(`(${['portal_id', key, ...Object.keys(placeholder), ...Object.keys(columns), 'prop_versions'].join(', ')})`)}
      values (${sql.join([portalId, id, ...Object.values(placeholder), ...Object.values(columns), JSON.stringify(versions)])})`.execute(
      db,
    );
    return 'created';
  }
  const versions = parseJson<Record<string, number>>(current.prop_versions, {});
  const floor = Number(current.updated_at);
  const newer = Object.entries(columns).filter(
    ([column]) => occurredAt > Math.max(versions[column] ?? 0, floor),
  );
  if (newer.length === 0) return 'stale';
  for (const [column] of newer) versions[column] = occurredAt;
  const assignments = sql.join(
    [
      ...newer.map(([column, value]) => sql`${sql.ref(column)} = ${value}`),
      sql`prop_versions = ${JSON.stringify(versions)}`,
    ],
    sql`, `,
  );
  await sql`update ${sql.table(table)} set ${assignments} where portal_id = ${portalId} and ${sql.ref(key)} = ${id}`.execute(
    db,
  );
  return 'applied';
}
