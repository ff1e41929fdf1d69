import type { RuleHit, RuleMeta } from './rule.js';

export interface TouchFacts {
  touchId: number;
  type: string;
  ownerId: number | null;
  contactCount: number;
  companyCount: number;
}

export interface TouchRule extends RuleMeta {
  subject: 'touch';
  check(t: TouchFacts): RuleHit | null;
}

export const TOUCH_RULES: readonly TouchRule[] = [
  {
    id: 'engagement_without_association',
    title: 'Engagement logged without association',
    subject: 'touch',
    category: 'hygiene',
    objectType: 'touch',
    severity: 'low',
    settings: [],
    fixHint: 'Associate the call, email, meeting or note with the contact it was with.',
    autoFix: false,
    check: (t) =>
      t.contactCount + t.companyCount > 0
        ? null
        : { message: `A ${t.type.replace('_', ' ')} is associated with no contact or company` },
  },
];
