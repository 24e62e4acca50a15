import type { Diagnostic } from '../diagnostics';
import type { ClusterRef, LiveProfile, RoleInfo, RoleSummary } from '../account/types';
import type { AccountReader } from '../account';
import { specPosition } from '../spec/positions';
import type { ProfileSpec } from '../spec/types';
import { errorText } from '../errorText';
import { byString } from './canonical';
import { DEFAULT_ROLE_PATH, defaultRoleName, defaultRoleNamePrefix } from './defaultRole';
import type { ClusterInfo } from '../account/types';
import { defaultRolesToRead } from './planRoles';

/** What plan read of one cluster. */
export interface ClusterReading {
  ref: ClusterRef;
  info?: ClusterInfo;
  quota?: number;
  /** Undefined when the cluster or its profiles could not be read. */
  profiles?: LiveProfile[];
  error?: string;
}

/** A read that may fail: its value, or why not (the plan reports it and plans around it). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

export const outcomeOf = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    value => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** The cluster, its profiles (one list, then one describe each) and the region's quota. */
export async function readCluster(reader: AccountReader, ref: ClusterRef): Promise<ClusterReading> {
  try {
    // The cluster, its profile names and the region's quota are independent reads: all at once.
    const [info, names, quota] = await Promise.all([
      reader.describeCluster(ref),
      reader.listAllFargateProfiles(ref).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      }),
      // Optional: without it the plan orders replacements without a quota bound (live validation
      // checks against EKS's default and says so, once per region).
      reader.getFargateProfileQuota(ref.region).catch(() => undefined),
    ]);
    if (!info || !names) return { ref, ...(info ? { info } : {}) };
    const described = await Promise.all(names.map(name => reader.describeFargateProfile(ref, name)));
    // A profile deleted between the list and its describe is simply gone.
    const profiles = described.filter((p): p is LiveProfile => p !== undefined);
    return { ref, info, profiles, ...(quota !== undefined ? { quota } : {}) };
  } catch (error) {
    return { ref, error: errorText(error) };
  }
}

const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

export interface RolesRead {
  /** Default roles by name: undefined when it does not exist; absent when it could not be read. */
  roles: Map<string, RoleInfo | undefined>;
  /** Roles under the default path whose names could be this cluster's. */
  listed: string[];
  diagnostics: Diagnostic[];
}

/**
 * The default roles a cluster's plan needs: those its specs want, those of its managed live profiles
 * (which may go, taking their role with them), and those listed under the default path that could be
 * its leftovers. A role that cannot be read is never created or deleted: its spec gets an error (and
 * is not planned), a live profile's role is left alone.
 */
export async function readDefaultRoles(
  reader: AccountReader,
  ref: ClusterRef,
  specs: readonly ProfileSpec[],
  live: readonly LiveProfile[] | undefined,
  listing: Outcome<RoleSummary[]>,
): Promise<RolesRead> {
  const owners = new Map<string, ProfileSpec[]>();
  for (const spec of specs.filter(s => !s.podExecutionRoleArn)) {
    const name = defaultRoleName(ref.region, spec.cluster, spec.name);
    owners.set(name, [...(owners.get(name) ?? []), spec]);
  }
  const prefix = defaultRoleNamePrefix(ref.name);
  const listed =
    live && listing.ok
      ? listing.value.filter(r => r.path === DEFAULT_ROLE_PATH && r.name.startsWith(prefix)).map(r => r.name)
      : [];
  const names = [
    ...new Set([...owners.keys(), ...(live ? defaultRolesToRead(ref.region, ref.name, live) : []), ...listed]),
  ].sort(byString);
  const reads = await Promise.all(names.map(name => outcomeOf(reader.getRole(name))));
  const roles = new Map<string, RoleInfo | undefined>();
  const diagnostics: Diagnostic[] = [];
  names.forEach((name, i) => {
    const read = reads[i]!;
    if (read.ok) {
      roles.set(name, read.value);
      return;
    }
    const specsOfRole = owners.get(name) ?? [];
    for (const spec of specsOfRole) {
      diagnostics.push({
        severity: 'error',
        code: 'plan.read-failed',
        cluster: spec.cluster,
        profile: spec.name,
        source: specPosition(spec),
        message: `The default role \`${name}\` could not be read (${errorText(read.error)}); spec \`${spec.name}\` is not planned.`,
      });
    }
    if (specsOfRole.length === 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'plan.read-failed',
        cluster: ref.name,
        message: `Role \`${name}\` could not be read (${errorText(read.error)}); it is not deleted.`,
      });
    }
  });
  return { roles, listed, diagnostics };
}
