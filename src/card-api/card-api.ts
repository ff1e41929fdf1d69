import { contactActionSchema } from '../../extensions/lib/contracts.js';
import type { PortalCache } from '../analytics/portal-cache.js';
import type { SignedRequest } from '../ingest/verify-signature.js';
import type { Clock } from '../shared/clock.js';
import type { Logger } from '../shared/logger.js';
import type { Store } from '../store/store.js';
import { authenticateCardRequest, cardError, idParam, type CardResponse } from './card-request.js';
import { companyCard } from './company-card.js';
import { contactAction, contactCard } from './contact-card.js';
import { saveSettings, settingsView } from './settings-api.js';
import { teamCard } from './team-card.js';

export type CardRoute =
  'contact-card' | 'contact-action' | 'company-card' | 'team-card' | 'settings' | 'settings-save';

export interface CardApiOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  secrets: readonly string[];
  /** HubSpot user ids or emails allowed to change settings without the Manager role. */
  superAdmins: readonly string[];
  portals: PortalCache;
  /** Called after settings are saved: the analytics must be recomputed with them. */
  onSettingsSaved?: (portalId: number) => void;
}

/**
 * The signed API behind the cards and the settings page, framework-free: authenticate (signature,
 * then the HubSpot metadata it covers), parse input with zod, answer for the caller's portal only.
 */
export function createCardApi(options: CardApiOptions) {
  const { store, clock } = options;
  const knownPortals = new Set<number>();

  function parseJson(
    raw: Buffer,
  ): { ok: true; value: unknown } | { ok: false; response: CardResponse } {
    try {
      return { ok: true, value: raw.length === 0 ? {} : JSON.parse(raw.toString('utf8')) };
    } catch {
      return {
        ok: false,
        response: cardError(400, 'invalid_json', 'the request body is not JSON'),
      };
    }
  }

  return async function handle(route: CardRoute, request: SignedRequest): Promise<CardResponse> {
    const auth = await authenticateCardRequest(
      { store, clock, secrets: options.secrets, knownPortals },
      request,
    );
    if (!auth.ok) return auth.response;
    const { caller, query } = auth;
    const now = clock.now();
    const portal = await options.portals.get(store, caller.portalId, now);
    switch (route) {
      case 'contact-card': {
        const id = idParam(query, 'contactId');
        if (!id.ok) return id.response;
        const page = query.has('page') ? idParam(query, 'page') : { ok: true as const, id: 1 };
        return page.ok ? contactCard(store, portal, caller, id.id, now, page.id) : page.response;
      }
      case 'contact-action': {
        const id = idParam(query, 'contactId');
        if (!id.ok) return id.response;
        const body = parseJson(request.rawBody);
        if (!body.ok) return body.response;
        const action = contactActionSchema.safeParse(body.value);
        if (!action.success)
          return cardError(
            400,
            'invalid_action',
            `unknown or incomplete action: ${action.error.issues.map((i) => `${i.path.join('.') || 'action'} ${i.message}`).join('; ')}`,
          );
        return store.transaction((repos) =>
          contactAction(repos, portal, caller, id.id, action.data, now),
        );
      }
      case 'company-card': {
        const id = idParam(query, 'companyId');
        return id.ok ? companyCard(store, portal, caller, id.id, now) : id.response;
      }
      case 'team-card': {
        const id = idParam(query, 'teamId');
        return id.ok ? teamCard(store, portal, caller, id.id) : id.response;
      }
      case 'settings':
        return settingsView(store, portal, caller, options.superAdmins);
      case 'settings-save': {
        const body = parseJson(request.rawBody);
        if (!body.ok) return body.response;
        const result = await saveSettings(
          store,
          portal,
          caller,
          options.superAdmins,
          body.value,
          now,
        );
        if (result.status === 200) {
          options.portals.invalidate(caller.portalId);
          options.onSettingsSaved?.(caller.portalId);
        }
        return result;
      }
    }
  };
}
export type CardApi = ReturnType<typeof createCardApi>;
