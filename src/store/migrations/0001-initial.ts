import { sql, type CreateTableBuilder, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../dialect.js';

/**
 * The mirror's first schema. Sized for a portal of 1M contacts and 10M touches:
 * composite primary keys lead with portal_id (clustered on SQLite with WITHOUT ROWID),
 * and only the secondary indexes the analytics and ingestion paths need, since each one
 * costs bulk-load throughput. A touch lists its contact and company ids itself, so its link rows
 * are found by primary key and the 10M-row link tables need no second index.
 */
export function initialMigration(dialect: Dialect): Migration {
  // SQLite's INTEGER PRIMARY KEY is the rowid (no separate index); PostgreSQL needs a sequence.
  const serial = dialect === 'postgres' ? 'bigserial' : 'integer';
  const clustered = <T extends string, C extends string>(builder: CreateTableBuilder<T, C>) =>
    dialect === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder;

  return {
    async up(db: Kysely<unknown>) {
      const table = (name: string) =>
        db.schema.createTable(name).addColumn('portal_id', 'bigint', (c) => c.notNull());
      const index = (name: string, on: string, columns: string[]) =>
        db.schema.createIndex(name).on(on).columns(columns).execute();

      await table('portals')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('portals_pk', ['portal_id'])
        .execute();

      await clustered(
        table('owners')
          .addColumn('owner_id', 'bigint', (c) => c.notNull())
          .addColumn('user_id', 'bigint')
          .addColumn('email', 'text')
          .addColumn('first_name', 'text')
          .addColumn('last_name', 'text')
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('archived_at', 'bigint')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('owners_pk', ['portal_id', 'owner_id']),
      ).execute();

      await clustered(
        table('contacts')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('email', 'text')
          .addColumn('email_normalized', 'text')
          .addColumn('first_name', 'text')
          .addColumn('last_name', 'text')
          .addColumn('phone', 'text')
          .addColumn('job_title', 'text')
          .addColumn('company_name', 'text')
          .addColumn('linkedin_url', 'text')
          .addColumn('lifecycle_stage', 'text')
          .addColumn('owner_id', 'bigint')
          .addColumn('primary_company_id', 'bigint')
          .addColumn('is_key_stakeholder', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('prop_versions', 'text', (c) => c.notNull().defaultTo('{}'))
          .addPrimaryKeyConstraint('contacts_pk', ['portal_id', 'contact_id']),
      ).execute();
      await index('contacts_owner_idx', 'contacts', ['portal_id', 'owner_id']);
      await index('contacts_email_idx', 'contacts', ['portal_id', 'email_normalized']);
      await index('contacts_company_idx', 'contacts', ['portal_id', 'primary_company_id']);

      await clustered(
        table('companies')
          .addColumn('company_id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('domain', 'text')
          .addColumn('industry', 'text')
          .addColumn('owner_id', 'bigint')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('prop_versions', 'text', (c) => c.notNull().defaultTo('{}'))
          .addPrimaryKeyConstraint('companies_pk', ['portal_id', 'company_id']),
      ).execute();

      await clustered(
        table('contact_companies')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('company_id', 'bigint', (c) => c.notNull())
          .addColumn('is_primary', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('contact_companies_pk', [
            'portal_id',
            'contact_id',
            'company_id',
          ]),
      ).execute();
      await index('contact_companies_company_idx', 'contact_companies', [
        'portal_id',
        'company_id',
      ]);

      await clustered(
        table('deals')
          .addColumn('deal_id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text')
          .addColumn('amount', 'double precision')
          .addColumn('stage', 'text', (c) => c.notNull())
          .addColumn('closed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('closed_won', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('close_date', 'bigint')
          .addColumn('owner_id', 'bigint')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('deals_pk', ['portal_id', 'deal_id']),
      ).execute();
      for (const side of ['contact', 'company'] as const) {
        const name = `deal_${side === 'contact' ? 'contacts' : 'companies'}`;
        await clustered(
          table(name)
            .addColumn('deal_id', 'bigint', (c) => c.notNull())
            .addColumn(`${side}_id`, 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${name}_pk`, ['portal_id', 'deal_id', `${side}_id`]),
        ).execute();
        await index(`${name}_${side}_idx`, name, ['portal_id', `${side}_id`]);
      }

      await clustered(
        table('touches')
          .addColumn('touch_id', 'bigint', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'bigint', (c) => c.notNull())
          .addColumn('logged_at', 'bigint', (c) => c.notNull())
          .addColumn('owner_id', 'bigint')
          .addColumn('contact_ids', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('company_ids', 'text', (c) => c.notNull().defaultTo('[]'))
          .addPrimaryKeyConstraint('touches_pk', ['portal_id', 'touch_id']),
      ).execute();
      await clustered(
        table('touch_contacts')
          .addColumn('contact_id', 'bigint', (c) => c.notNull())
          .addColumn('touch_id', 'bigint', (c) => c.notNull())
          .addColumn('owner_id', 'bigint')
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('touch_contacts_pk', ['portal_id', 'contact_id', 'touch_id']),
      ).execute();
      await clustered(
        table('touch_companies')
          .addColumn('company_id', 'bigint', (c) => c.notNull())
          .addColumn('touch_id', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('touch_companies_pk', ['portal_id', 'company_id', 'touch_id']),
      ).execute();

      await clustered(
        table('networking_teams')
          .addColumn('team_id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('purpose', 'text')
          .addColumn('goal_id', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('networking_teams_pk', ['portal_id', 'team_id']),
      ).execute();
      await clustered(
        table('networking_roles')
          .addColumn('role_id', 'bigint', (c) => c.notNull())
          .addColumn('team_id', 'bigint')
          .addColumn('owner_id', 'bigint')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('starts_at', 'bigint')
          .addColumn('ends_at', 'bigint')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('networking_roles_pk', ['portal_id', 'role_id']),
      ).execute();
      await index('networking_roles_team_idx', 'networking_roles', ['portal_id', 'team_id']);
      await index('networking_roles_owner_idx', 'networking_roles', ['portal_id', 'owner_id']);
      await clustered(
        table('networking_activities')
          .addColumn('activity_id', 'bigint', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('team_id', 'bigint')
          .addColumn('starts_at', 'bigint', (c) => c.notNull())
          .addColumn('ends_at', 'bigint')
          .addColumn('cost', 'double precision')
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('networking_activities_pk', ['portal_id', 'activity_id']),
      ).execute();
      for (const [name, key] of [
        ['team_targets', 'team_id'],
        ['role_targets', 'role_id'],
        ['activity_attendees', 'activity_id'],
      ] as const) {
        await clustered(
          table(name)
            .addColumn(key, 'bigint', (c) => c.notNull())
            .addColumn('object_type', 'text', (c) => c.notNull())
            .addColumn('object_id', 'bigint', (c) => c.notNull())
            .addPrimaryKeyConstraint(`${name}_pk`, ['portal_id', key, 'object_type', 'object_id']),
        ).execute();
        await index(`${name}_object_idx`, name, ['portal_id', 'object_type', 'object_id']);
      }

      await clustered(
        table('settings_versions')
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('document', 'text', (c) => c.notNull())
          .addColumn('changed_by', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'bigint', (c) => c.notNull())
          .addColumn('note', 'text')
          .addPrimaryKeyConstraint('settings_versions_pk', ['portal_id', 'version']),
      ).execute();

      await db.schema
        .createTable('findings')
        .addColumn('id', serial, (c) => c.primaryKey())
        .addColumn('portal_id', 'bigint', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'bigint', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('alert_owner_id', 'bigint')
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
        .addColumn('resolved_at', 'bigint')
        .execute();
      // At most one open finding per (rule, record); resolved ones stay as history.
      await db.schema
        .createIndex('findings_open_uq')
        .on('findings')
        .columns(['portal_id', 'fingerprint'])
        .unique()
        .where(sql.ref('resolved_at'), 'is', null)
        .execute();
      await index('findings_object_idx', 'findings', ['portal_id', 'object_type', 'object_id']);

      await clustered(
        table('metric_snapshots')
          .addColumn('period', 'text', (c) => c.notNull())
          .addColumn('scope_type', 'text', (c) => c.notNull())
          .addColumn('scope_id', 'bigint', (c) => c.notNull())
          .addColumn('metric', 'text', (c) => c.notNull())
          .addColumn('value', 'double precision', (c) => c.notNull())
          .addColumn('taken_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('metric_snapshots_pk', [
            'portal_id',
            'scope_type',
            'scope_id',
            'metric',
            'period',
          ]),
      ).execute();

      for (const name of ['webhook_inbox', 'outbox'] as const) {
        let builder = db.schema
          .createTable(name)
          .addColumn('id', serial, (c) => c.primaryKey())
          .addColumn('portal_id', 'bigint', (c) => c.notNull())
          .addColumn('dedupe_key', 'text', (c) => c.notNull());
        builder =
          name === 'webhook_inbox'
            ? builder
                .addColumn('subscription_type', 'text', (c) => c.notNull())
                .addColumn('object_id', 'bigint')
                .addColumn('occurred_at', 'bigint', (c) => c.notNull())
                .addColumn('received_at', 'bigint', (c) => c.notNull())
                .addColumn('locked_until', 'bigint')
                .addColumn('processed_at', 'bigint')
            : builder
                .addColumn('kind', 'text', (c) => c.notNull())
                .addColumn('created_at', 'bigint', (c) => c.notNull())
                .addColumn('sent_at', 'bigint')
                .addColumn('remote_id', 'text');
        await builder
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addUniqueConstraint(`${name}_dedupe_uq`, ['portal_id', 'dedupe_key'])
          .execute();
        await index(`${name}_due_idx`, name, ['status', 'next_attempt_at']);
      }
    },
  };
}
