/**
 * EKS facts about Fargate profiles, in one place: the static rules enforce them and the JSON Schema
 * carries them to editors, so the two can never disagree.
 */
export const eksLimits = {
  selectorsPerProfile: 5,
  labelsPerSelector: 5,
  labelKeyMaxLength: 127,
  labelValueMaxLength: 255,
  tagsPerResource: 50,
  tagKeyMaxLength: 128,
  tagValueMaxLength: 256,
  profileNameMaxLength: 100,
  clusterNameMaxLength: 100,
  namespaceMaxLength: 63,
} as const;

/** The tags fargatekeeper adds to every managed profile (DESIGN.md, ownership). */
export const managedTagKeys = [
  'fargatekeeper.dev/managed-by',
  'fargatekeeper.dev/spec',
  'fargatekeeper.dev/hash',
  // Every front door names a source; counted always, so a spec's tag limit does not depend on the run.
  'fargatekeeper.dev/source',
] as const;

/** Added besides {@link managedTagKeys} to the profile of a spec with `deletionProtection: true`. */
export const protectedTagKey = 'fargatekeeper.dev/protected';

/** Tag keys under this prefix belong to fargatekeeper; users may not set them. */
export const reservedTagPrefix = 'fargatekeeper.dev/';

/** `metadata.name`: becomes the start of the EKS name `<name>-<hash>`, so it stays short and DNS-like. */
export const specNameMaxLength = 63;
export const specNamePattern = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
/** EKS pattern for profile and cluster names. */
export const eksNamePattern = '^[0-9A-Za-z][A-Za-z0-9_-]*$';
export const roleArnPattern = '^arn:aws(-cn|-us-gov)?:iam::\\d{12}:role/[\\w+=,.@/-]+$';
/** Real subnet ids are 8 or 17 hex digits; short ids such as the simulated account's pass too. */
export const subnetIdPattern = '^subnet-[0-9a-z]+$';
export const regionPattern = '^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\\d+$';
/** A Kubernetes namespace (DNS label) in which EKS also allows the wildcards `*` and `?`. */
export const namespacePattern = '^[a-z0-9*?]([-a-z0-9*?]*[a-z0-9*?])?$';

// Bounds on what a run reads, so that no input (by mistake or hostile) exhausts memory, time or the
// stack, and each one is refused with a message naming it.

/** Default size limit of one spec file (4 MiB): real spec files are a few kilobytes. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Default limit of spec documents in one run, over all files. */
export const DEFAULT_MAX_SPECS = 50_000;
/** Collections nested deeper than this in a YAML document are refused (a spec needs six levels). */
export const MAX_NESTING_DEPTH = 100;
/** Keys that would reach JavaScript's object machinery (`Object.prototype`) instead of being data. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
