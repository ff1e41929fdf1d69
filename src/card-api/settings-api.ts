import { settingsSaveSchema, type SettingsView } from '../../extensions/lib/contracts.js';
import type { PortalAnalysis } from '../analytics/load-context.js';
import { atRiskContacts } from '../analytics/at-risk.js';
import { handoverFor } from '../analytics/handover-report.js';
import { ALL_RULES } from '../domain/hygiene/audit-rules.js';
import { DEFAULT_SETTINGS, settingsSchema } from '../domain/settings.js';
import { SettingsConflictError } from '../store/repositories/settings-repository.js';
import type { Repositories } from '../store/store.js';
import { cardError, type CardCaller, type CardResponse } from './card-request.js';
import { directoryOf, ownerOfUser } from './directory.js';

/** Who may change settings: holders of an open Manager of the Network role, or a configured super-admin. */
export function canEditSettings(
  portal: PortalAnalysis,
  caller: CardCaller,
  superAdmins: readonly string[],
): boolean {
  const admins = new Set(superAdmins.map((a) => a.trim().toLowerCase()));
  if (
    admins.has(String(caller.userId)) ||
    (caller.userEmail && admins.has(caller.userEmail.toLowerCase()))
  )
    return true;
  const ownerId = ownerOfUser(portal, caller.userId);
  if (ownerId === null || portal.ctx.owners.get(ownerId)?.archived !== false) return false;
  return portal.network.roles.some(
    (r) =>
      r.kind === 'manager_of_network' &&
      r.ownerId === ownerId &&
      (r.endsAt === null || r.endsAt > portal.ctx.asOf),
  );
}

const TREND_METRICS = ['coverage', 'averageStrength', 'hygieneScore', 'ror'] as const;

export async function settingsView(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  superAdmins: readonly string[],
): Promise<CardResponse> {
  const { portalId } = caller;
  const dir = directoryOf(portal);
  const [current, history, trends, atRisk] = await Promise.all([
    repos.settings.current(portalId),
    repos.settings.history(portalId, 20),
    Promise.all(
      TREND_METRICS.map((metric) =>
        repos.snapshots.series(portalId, { scopeType: 'portal', scopeId: 0, metric }),
      ),
    ).then((s) => s.flat().slice(-12 * TREND_METRICS.length)),
    atRiskContacts(repos, portalId, ['orphaned', 'singleThreaded', 'cold'], 10),
  ]);

  const teams = await Promise.all(
    portal.network.teams.map(async (t) => {
      const latest = async (metric: string) =>
        (
          await repos.snapshots.series(portalId, { scopeType: 'team', scopeId: t.teamId, metric })
        ).at(-1)?.value ?? null;
      return {
        teamId: t.teamId,
        name: t.name,
        goalId: t.goalId,
        coverage: await latest('coverage'),
        ror: await latest('ror'),
      };
    }),
  );
  const handovers = [];
  for (const o of portal.ctx.owners.values())
    if (o.archived) {
      const h = await handoverFor(repos, portal, o.ownerId);
      handovers.push({
        ownerId: o.ownerId,
        name: dir.name(o.ownerId),
        carried: h.carried,
        carriedOver: h.carriedOver,
      });
    }
  const body: SettingsView = {
    version: current?.version ?? 0,
    settings: current?.settings ?? DEFAULT_SETTINGS,
    canEdit: canEditSettings(portal, caller, superAdmins),
    history: history.map((h) => ({
      version: h.version,
      changedBy: h.changedBy,
      changedAt: h.changedAt,
      note: h.note,
    })),
    rules: ALL_RULES.map((r) => ({
      id: r.id,
      title: r.title,
      category: r.category,
      severity: r.severity,
      settings: [...r.settings],
      fixHint: r.fixHint,
    })),
    dashboard: {
      trends: trends.map((p) => ({ period: p.period, metric: p.metric, value: p.value })),
      teams,
      atRisk: atRisk.map(({ flag, insight, name }) => ({
        contactId: insight.contactId,
        name,
        risk: flag,
        maxScore: insight.maxScore,
      })),
      handovers,
    },
  };
  return { status: 200, body };
}

/** Validates every field, checks the caller may edit, then appends a version (409 when stale). */
export async function saveSettings(
  repos: Repositories,
  portal: PortalAnalysis,
  caller: CardCaller,
  superAdmins: readonly string[],
  input: unknown,
  now: number,
): Promise<CardResponse> {
  if (!canEditSettings(portal, caller, superAdmins))
    return cardError(
      403,
      'not_manager',
      'only the Manager of the Network (or a Rapport super-admin) can change these settings',
    );
  const request = settingsSaveSchema.safeParse(input);
  if (!request.success)
    return cardError(
      400,
      'invalid_request',
      'the body must be { expectedVersion, settings, note? }',
    );
  const parsed = settingsSchema.safeParse(request.data.settings);
  if (!parsed.success)
    return cardError(
      400,
      'invalid_settings',
      `${parsed.error.issues.length} setting${parsed.error.issues.length === 1 ? ' is' : 's are'} not valid`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  try {
    const saved = await repos.settings.save(caller.portalId, parsed.data, {
      changedBy: caller.userEmail ?? `user ${caller.userId}`,
      changedAt: now,
      expectedVersion: request.data.expectedVersion,
      ...(request.data.note ? { note: request.data.note } : {}),
    });
    return { status: 200, body: { version: saved.version } };
  } catch (error) {
    if (error instanceof SettingsConflictError)
      return cardError(
        409,
        'settings_conflict',
        `${error.message}; reload and apply your change again`,
      );
    throw error;
  }
}
