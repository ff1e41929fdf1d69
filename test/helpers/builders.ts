import type { Company, Contact, Deal, Owner, Touch } from '../../src/domain/types.js';
import type { StoredContactInsight } from '../../src/store/repositories/insight-repository.js';
import type { StoredRelationship } from '../../src/store/repositories/relationship-repository.js';

/** Small record builders with valid defaults; a test overrides only what it asserts on. */
export const T0 = Date.UTC(2026, 0, 15);

export function contact(contactId: number, over: Partial<Contact> = {}): Contact {
  return {
    contactId,
    email: `person${contactId}@acme.example`,
    firstName: 'Ada',
    lastName: `Person${contactId}`,
    phone: '+1 212 555 0100',
    jobTitle: 'Director',
    companyName: null,
    linkedinUrl: null,
    lifecycleStage: 'customer',
    ownerId: 11,
    primaryCompanyId: null,
    isKeyStakeholder: false,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function owner(ownerId: number, over: Partial<Owner> = {}): Owner {
  return {
    ownerId,
    userId: ownerId + 1000,
    email: `o${ownerId}@org.example`,
    firstName: 'Owner',
    lastName: String(ownerId),
    archived: false,
    archivedAt: null,
    updatedAt: T0,
    ...over,
  };
}

export function company(companyId: number, over: Partial<Company> = {}): Company {
  return {
    companyId,
    name: `Company ${companyId}`,
    domain: `c${companyId}.example`,
    industry: null,
    ownerId: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function deal(dealId: number, over: Partial<Deal> = {}): Deal {
  return {
    dealId,
    name: `Deal ${dealId}`,
    amount: 1000,
    stage: 'closedwon',
    closed: true,
    closedWon: true,
    createdAt: T0,
    closeDate: T0,
    ownerId: 11,
    updatedAt: T0,
    ...over,
  };
}

export function touch(touchId: number, over: Partial<Touch> = {}): Touch {
  return { touchId, type: 'meeting', occurredAt: T0, loggedAt: T0, ownerId: 11, ...over };
}

export function contactInsight(
  contactId: number,
  over: Partial<StoredContactInsight> = {},
): StoredContactInsight {
  return {
    contactId,
    keyStakeholder: false,
    threads: 0,
    maxScore: 0,
    strongestOwnerId: null,
    strongestActiveOwnerId: null,
    ownerScore: 0,
    singleThreaded: false,
    cold: false,
    unthreaded: false,
    orphaned: false,
    ownerMismatch: false,
    lastTouchAt: null,
    strongOwnerIds: [],
    hygieneScore: 100,
    ...over,
  };
}

export function relationship(
  contactId: number,
  ownerId: number,
  over: Partial<StoredRelationship> = {},
): StoredRelationship {
  return {
    contactId,
    ownerId,
    score: 10,
    grade: 'weak',
    scoreBefore: 0,
    trend: 'steady',
    touchCount: 1,
    inboundCount: 0,
    lastTouchAt: T0,
    capped: false,
    reason: 'one call',
    scoreAtDeparture: null,
    ...over,
  };
}
