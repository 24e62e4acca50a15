import { canonicalJson, sha256Hex } from '../hash';
import {
  HASH_TAG,
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  PROTECTED_TAG,
  PROTECTED_VALUE,
  SOURCE_TAG,
  SPEC_TAG,
} from '../account/types';
import type { ProfileSpec } from '../spec/types';
import { canonicalSelectors, canonicalTags, sortedStrings } from './canonical';

/** EKS: 1–100 characters, starting with a letter or digit, then letters, digits, `-` and `_`. */
export const EKS_PROFILE_NAME_PATTERN = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const MAX_PROFILE_NAME = 100;
/** Hex digits of the immutable-fields hash in a profile name: short to read, long enough never to collide in practice. */
export const NAME_HASH_LENGTH = 8;
/** Stands for "the default role fargatekeeper creates for this spec" in hashes, which must not depend on the account id. */
const DEFAULT_ROLE_MARKER = 'fargatekeeper:default-role';

/**
 * The fields EKS cannot change in place (a change to any of them replaces the profile), in canonical
 * form: subnets sorted, selectors sorted with sorted labels, the role ARN (or the default-role marker).
 */
export function immutableFieldsOf(spec: Pick<ProfileSpec, 'podExecutionRoleArn' | 'subnets' | 'selectors'>) {
  return {
    podExecutionRoleArn: spec.podExecutionRoleArn ?? DEFAULT_ROLE_MARKER,
    subnets: sortedStrings(spec.subnets),
    selectors: canonicalSelectors(spec.selectors),
  };
}

/**
 * Hashes per spec object: plans ask for a spec's name and tags many times, and specs are not
 * mutated once parsed (a changed spec is a new object), so each is hashed once.
 */
function memo(compute: (spec: ProfileSpec) => string): (spec: ProfileSpec) => string {
  const cache = new WeakMap<ProfileSpec, string>();
  return spec => {
    let value = cache.get(spec);
    if (value === undefined) cache.set(spec, (value = compute(spec)));
    return value;
  };
}

/** Hash of the spec's name and immutable fields: the suffix of its EKS name. */
export const immutableHash: (spec: ProfileSpec) => string = memo(spec =>
  sha256Hex(canonicalJson({ name: spec.name, ...immutableFieldsOf(spec) })),
);

/**
 * The EKS name of a spec's profile: `spec.profileName` when given, else `<metadata.name>-<hash>`, so a
 * change of an immutable field yields a new name and the replacement can be created beside the old one.
 * Names too long for EKS are shortened before the hash (the hash covers the full name, so they stay unique).
 */
export function profileNameFor(spec: ProfileSpec): string {
  if (spec.profileName) return spec.profileName;
  const suffix = `-${immutableHash(spec).slice(0, NAME_HASH_LENGTH)}`;
  const base = spec.name.slice(0, MAX_PROFILE_NAME - suffix.length).replace(/[^A-Za-z0-9_-]/g, '-');
  return `${base}${suffix}`;
}

/** The tags the user asked for; managed tags are ours to set, so the user's own are dropped. */
export function userTags(tags: Record<string, string>): Record<string, string> {
  return canonicalTags(
    Object.fromEntries(Object.entries(tags).filter(([key]) => !key.startsWith('fargatekeeper.dev/'))),
  );
}

/** Hash of everything a spec asks for (immutable fields and user tags): the value of the `hash` tag. */
export const contentHash: (spec: ProfileSpec) => string = memo(spec =>
  sha256Hex(canonicalJson({ ...immutableFieldsOf(spec), name: spec.name, tags: userTags(spec.tags) })).slice(0, 16),
);

/**
 * The tags that mark a profile as ours and tie it to its spec, to the source that owns it (when the
 * run names one) and, for a protected spec, the protection the live profile must remember.
 */
export function managedTagsFor(spec: ProfileSpec, source?: string): Record<string, string> {
  return {
    [MANAGED_BY_TAG]: MANAGED_BY_VALUE,
    [SPEC_TAG]: spec.name,
    [HASH_TAG]: contentHash(spec),
    ...(source !== undefined ? { [SOURCE_TAG]: source } : {}),
    ...(spec.deletionProtection ? { [PROTECTED_TAG]: PROTECTED_VALUE } : {}),
  };
}

/** The full tag set of a spec's profile: the user's tags plus the managed ones. */
export function desiredTagsFor(spec: ProfileSpec, source?: string): Record<string, string> {
  return canonicalTags({ ...userTags(spec.tags), ...managedTagsFor(spec, source) });
}

export { managedSpecOf } from '../account/types';
