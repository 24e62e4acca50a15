const FNV_OFFSET_BASIS = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const UINT64 = (1n << 64n) - 1n;

/** FNV-1a, 64 bits, of the UTF-8 bytes of `text` (Go's `hash/fnv` `New64a`). */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET_BASIS;
  for (const byte of new TextEncoder().encode(text)) hash = ((hash ^ BigInt(byte)) * FNV_PRIME) & UINT64;
  return hash;
}

/**
 * The EKS name instance-manager's eks-fargate provisioner gives the profile of an InstanceGroup
 * (`generateUniqueName` in controllers/provisioners/eksfargate/eksfargate.go):
 * `fargate-<cluster>-<FNV-1a 64 of "<cluster>-<namespace>-<name>", strconv.FormatUint base 10>`,
 * never shortened (EKS refuses a name over 100 characters, so such a group never had a profile).
 */
export const instanceManagerProfileName = (cluster: string, namespace: string, name: string): string =>
  `fargate-${cluster}-${fnv1a64(`${cluster}-${namespace}-${name}`).toString(10)}`;

/** The role instance-manager makes for a group that names none: `<profile name>-role`, path `/`. */
export const instanceManagerRoleName = (profileName: string): string => `${profileName}-role`;
