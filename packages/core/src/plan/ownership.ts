import { managedSpecOf, SOURCE_TAG } from '../account/types';
import { eksLimits } from '../spec/limits';

/**
 * Who owns a live profile (or default role), seen from the run's source:
 * - `mine`: managed and tagged with this source, or any managed one when the run names no source;
 * - `unclaimed`: managed but without a source tag (made before the tag existed): the run claims it;
 * - `other`: managed by another source: never changed or deleted by this run;
 * - `unmanaged`: not fargatekeeper's at all.
 */
export type Ownership =
  { kind: 'mine' } | { kind: 'unclaimed' } | { kind: 'other'; source: string } | { kind: 'unmanaged' };

export function ownershipOf(
  tags: Record<string, string>,
  source: string | undefined,
  managed = managedSpecOf(tags) !== undefined,
): Ownership {
  if (!managed) return { kind: 'unmanaged' };
  const owner = tags[SOURCE_TAG];
  if (source === undefined || owner === source) return { kind: 'mine' };
  return owner === undefined ? { kind: 'unclaimed' } : { kind: 'other', source: owner };
}

/** AWS tag values: letters, digits, spaces and `_ . : / = + - @`, at most 256 characters. */
const TAG_VALUE = /^[\p{L}\p{N}\s_.:/=+\-@]*$/u;

/** Why `source` cannot name a specs source (it becomes a tag value), or undefined when it can. */
export function sourceProblem(source: string): string | undefined {
  if (source.trim() === '') return 'is empty';
  if (source.length > eksLimits.tagValueMaxLength)
    return `is ${source.length} characters; a tag value has at most ${eksLimits.tagValueMaxLength}`;
  if (!TAG_VALUE.test(source))
    return 'may hold only letters, digits, spaces and `_ . : / = + - @` (it becomes a tag value)';
  return undefined;
}
