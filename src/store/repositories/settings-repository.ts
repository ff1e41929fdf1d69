import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../domain/settings.js';
import type { PortalId } from '../../domain/types.js';
import { RapportError } from '../../shared/errors.js';
import { parseJson, type Db } from './db.js';

export interface SettingsVersion {
  version: number;
  settings: Settings;
  changedBy: string;
  changedAt: number;
  note: string | null;
}

export interface SettingsRepository {
  /** The latest version, or undefined when the portal never saved settings (use DEFAULT_SETTINGS). */
  current(portalId: PortalId): Promise<SettingsVersion | undefined>;
  /** Appends a version; `expectedVersion` guards against two managers overwriting each other. */
  save(
    portalId: PortalId,
    settings: Settings,
    change: { changedBy: string; changedAt: number; note?: string; expectedVersion: number },
  ): Promise<SettingsVersion>;
  history(portalId: PortalId, limit?: number): Promise<SettingsVersion[]>;
}

export class SettingsConflictError extends RapportError {
  constructor(expected: number, actual: number) {
    super('settings_conflict', `settings changed since version ${expected} (now ${actual})`, {
      hint: 'reload the settings and apply your change again',
      httpStatus: 409,
    });
  }
}

/** The region a portal's national phone numbers are read with now (`hygiene.phoneRegion`). */
export async function phoneRegionOf(db: Db, portalId: PortalId): Promise<CountryCode> {
  const current = await createSettingsRepository(db).current(portalId);
  return (current?.settings ?? DEFAULT_SETTINGS).hygiene.phoneRegion;
}

export function createSettingsRepository(db: Db): SettingsRepository {
  const latestVersion = async (portalId: PortalId): Promise<number> => {
    const row = await db
      .selectFrom('settings_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('portal_id', '=', portalId)
      .executeTakeFirst();
    return Number(row?.v ?? 0);
  };

  return {
    async current(portalId) {
      const [latest] = await this.history(portalId, 1);
      return latest;
    },
    async save(portalId, settings, change) {
      const actual = await latestVersion(portalId);
      if (actual !== change.expectedVersion)
        throw new SettingsConflictError(change.expectedVersion, actual);
      const version = actual + 1;
      const valid = settingsSchema.parse(settings);
      // The primary key (portal_id, version) rejects a concurrent writer that read the same version.
      await db
        .insertInto('settings_versions')
        .values({
          portal_id: portalId,
          version,
          document: JSON.stringify(valid),
          changed_by: change.changedBy,
          changed_at: change.changedAt,
          note: change.note ?? null,
        })
        .execute();
      return {
        version,
        settings: valid,
        changedBy: change.changedBy,
        changedAt: change.changedAt,
        note: change.note ?? null,
      };
    },
    async history(portalId, limit = 50) {
      const rows = await db
        .selectFrom('settings_versions')
        .selectAll()
        .where('portal_id', '=', portalId)
        .orderBy('version', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        version: Number(r.version),
        settings: withDefaults(parseJson<Partial<Settings>>(r.document, {})),
        changedBy: r.changed_by,
        changedAt: Number(r.changed_at),
        note: r.note,
      }));
    },
  };
}

/** Documents saved by an older version lack newer keys: fill them from the defaults. */
function withDefaults(stored: Partial<Settings>): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, value] of Object.entries(stored)) {
    const base = (DEFAULT_SETTINGS as Record<string, unknown>)[key];
    merged[key] =
      base &&
      typeof base === 'object' &&
      !Array.isArray(base) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value)
        ? { ...base, ...value }
        : value;
  }
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
