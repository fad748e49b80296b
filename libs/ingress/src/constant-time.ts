import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented secret with every accepted one in constant time: hashing first makes the
 * lengths equal, and all candidates are compared so timing says nothing about which one matched.
 */
export function matchesAnySecret(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined || presented.length === 0) return false;
  const given = digest(presented);
  let matched = false;
  for (const secret of accepted) {
    if (secret.length > 0 && timingSafeEqual(given, digest(secret))) matched = true;
  }
  return matched;
}
