import { Faker, base, en } from '@faker-js/faker';

export const DAY_MS = 86_400_000;

/** A seeded faker plus the few draws the generator needs, so every run with a seed is identical. */
export function createRandom(seed: number) {
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const float = () => faker.number.float();
  const int = (min: number, max: number) => faker.number.int({ min, max });
  return {
    faker,
    float,
    int,
    chance: (p: number) => float() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(float() * items.length)] as T,
    /** Exponential draw with mean 1: a few contacts get many touches, many get a few. */
    exponential: () => -Math.log(1 - float()),
    /** Picks by weight; weights need not sum to 1. */
    weighted: <T>(entries: readonly (readonly [T, number])[]): T => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = float() * total;
      for (const [value, weight] of entries) {
        r -= weight;
        if (r < 0) return value;
      }
      return cyclic(entries, entries.length - 1)[0];
    },
  };
}

export type Random = ReturnType<typeof createRandom>;

/** ASCII slug for fake emails, domains and profile URLs. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** items[index mod length]; the generator only calls it on lists it has just filled. */
export function cyclic<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('cyclic() on an empty list');
  return item;
}
