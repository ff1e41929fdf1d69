/**
 * The per-networker CRM-usage score: how well someone keeps the CRM, for training nudges.
 * 50% timely logging (touches logged within the setting's hours of happening), 30% completeness
 * (owned contacts with every required property) and 20% no duplicates (each duplicate contact
 * owned per hundred takes 10 points of that part). 0–100, one decimal.
 */
export interface CrmUsageInput {
  touches: number;
  loggedOnTime: number;
  ownedContacts: number;
  completeContacts: number;
  duplicatesOwned: number;
}

export interface CrmUsage extends CrmUsageInput {
  timelyShare: number;
  completeShare: number;
  duplicateRate: number;
  score: number;
  nudges: string[];
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export function crmUsage(input: CrmUsageInput): CrmUsage {
  const timelyShare = input.touches === 0 ? 1 : input.loggedOnTime / input.touches;
  const completeShare =
    input.ownedContacts === 0 ? 1 : input.completeContacts / input.ownedContacts;
  const duplicateRate = input.ownedContacts === 0 ? 0 : input.duplicatesOwned / input.ownedContacts;
  const duplicatePart = Math.max(0, 1 - duplicateRate * 10);
  const score = round1(100 * (0.5 * timelyShare + 0.3 * completeShare + 0.2 * duplicatePart));
  const nudges: string[] = [];
  if (timelyShare < 0.8)
    nudges.push('Log calls and meetings the same day (HubSpot mobile app or the inbox extension).');
  if (completeShare < 0.9)
    nudges.push('Fill in the required properties when you create a contact.');
  if (duplicateRate > 0.01)
    nudges.push(
      'Search HubSpot before creating a contact; merge the duplicates listed in the audit.',
    );
  return {
    ...input,
    timelyShare: round1(timelyShare * 100) / 100,
    completeShare: round1(completeShare * 100) / 100,
    duplicateRate: Math.round(duplicateRate * 10_000) / 10_000,
    score,
    nudges,
  };
}
