import type { Period } from '../../domain/time.js';
import type { PortalId } from '../../domain/types.js';
import { numOrNull, type Db } from './db.js';
import { upsertRows } from './upsert-rows.js';

/** A warm introduction or a referral a networker made: valued in the RoR, listed in the give/take ledger. */
export interface Introduction {
  introductionId: number;
  kind: 'introduction' | 'referral';
  byOwnerId: number;
  forOwnerId: number | null;
  contactId: number;
  occurredAt: number;
}

export interface IntroductionRepository {
  upsert(portalId: PortalId, items: readonly Introduction[]): Promise<void>;
  inPeriod(portalId: PortalId, period: Period): Promise<Introduction[]>;
}

export function createIntroductionRepository(db: Db): IntroductionRepository {
  return {
    async upsert(portalId, items) {
      await upsertRows(
        db,
        'introductions',
        ['portal_id', 'introduction_id'],
        items.map((i) => ({
          portal_id: portalId,
          introduction_id: i.introductionId,
          kind: i.kind,
          by_owner_id: i.byOwnerId,
          for_owner_id: i.forOwnerId,
          contact_id: i.contactId,
          occurred_at: i.occurredAt,
        })),
      );
    },
    async inPeriod(portalId, period) {
      const rows = await db
        .selectFrom('introductions')
        .selectAll()
        .where('portal_id', '=', portalId)
        .where('occurred_at', '>=', period.from)
        .where('occurred_at', '<', period.to)
        .orderBy('occurred_at')
        .execute();
      return rows.map((r) => ({
        introductionId: Number(r.introduction_id),
        kind: r.kind as Introduction['kind'],
        byOwnerId: Number(r.by_owner_id),
        forOwnerId: numOrNull(r.for_owner_id),
        contactId: Number(r.contact_id),
        occurredAt: Number(r.occurred_at),
      }));
    },
  };
}
