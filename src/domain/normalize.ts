/** Lower-cased, trimmed email, or null when blank: the key for duplicate-by-email. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const trimmed = email?.trim().toLowerCase();
  return trimmed ? trimmed : null;
}
