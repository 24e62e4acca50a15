import { createHash } from 'node:crypto';

/** Entity names: 1–63 characters, letters, digits and `-_.`, a letter or digit at both ends. */
const MAX_LENGTH = 63;
const HASH_LENGTH = 8;

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
const trimEnds = (name: string) => name.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');

/**
 * A valid, stable entity name from parts joined with `.` (which EKS cluster, profile and spec names
 * cannot hold, so `prod-eu` + `payments` never meets `prod` + `eu-payments`). A name that had to be
 * cut or cleaned ends with a hash of the parts, so it stays unique; `salt` asks for that hash anyway.
 */
export function entityNameOf(parts: string[], salt?: string): string {
  const joined = parts.join('.');
  const clean = trimEnds(parts.map(part => part.replace(/[^A-Za-z0-9_-]+/g, '-')).join('.'));
  if (clean === joined && clean.length <= MAX_LENGTH && salt === undefined) return clean;
  const hash = hashOf(salt === undefined ? joined : `${joined}\u0000${salt}`);
  const prefix = trimEnds(clean.slice(0, MAX_LENGTH - HASH_LENGTH - 1));
  return prefix ? `${prefix}-${hash}` : hash;
}
