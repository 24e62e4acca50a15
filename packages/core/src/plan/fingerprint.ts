import { sha256Hex } from '../hash';
import type { ClusterInfo, ClusterRef, LiveProfile, RoleInfo } from '../account/types';
import { byString, canonicalSelectors, canonicalTags, sortedStrings } from './canonical';
import type { PlanInput, PlanOptions } from './types';

/** What plan read of one cluster. */
export interface ClusterReading {
  ref: ClusterRef;
  info?: ClusterInfo;
  quota?: number;
  /** Undefined when the cluster or its profiles could not be read. */
  profiles?: LiveProfile[];
  error?: string;
}

export interface FingerprintInput {
  input: PlanInput;
  options: PlanOptions;
  readings: ClusterReading[];
  roles: ReadonlyMap<string, RoleInfo | undefined>;
  accountId?: string;
}

/**
 * SHA-256 over everything the plan depends on, in canonical form: the specs (not where they sit in
 * their files), the run's settings and the live state read. Times (creation dates) are left out, so
 * re-reading an unchanged account gives the same fingerprint; any change of state gives another.
 */
export function fingerprintOf(input: FingerprintInput): string {
  const specs = input.input.specs
    .map(s => JSON.stringify({
      name: s.name,
      cluster: s.cluster,
      region: s.region ?? input.options.defaultRegion,
      podExecutionRoleArn: s.podExecutionRoleArn,
      subnets: sortedStrings(s.subnets),
      selectors: canonicalSelectors(s.selectors),
      tags: canonicalTags(s.tags),
      profileName: s.profileName,
      adopt: s.adopt,
    }))
    .sort(byString);
  const clusters = input.readings
    .map(r => ({
      region: r.ref.region,
      name: r.ref.name,
      status: r.info?.status,
      updateInProgress: r.info?.updateInProgress,
      quota: r.quota,
      error: r.error,
      profiles: r.profiles
        ?.map(p => ({
          name: p.name,
          status: p.status,
          arn: p.arn,
          podExecutionRoleArn: p.podExecutionRoleArn,
          subnets: sortedStrings(p.subnets),
          selectors: canonicalSelectors(p.selectors),
          tags: canonicalTags(p.tags),
          health: p.health.map(h => h.code).sort(byString),
        }))
        .sort((a, b) => byString(a.name, b.name)),
    }))
    .sort((a, b) => byString(a.region, b.region) || byString(a.name, b.name));
  const roles = [...input.roles]
    .map(([name, role]) => ({ name, exists: role !== undefined, tags: role ? canonicalTags(role.tags) : undefined }))
    .sort((a, b) => byString(a.name, b.name));
  const failed = input.input.failed ?? [];
  const errors = failed
    .flatMap(f => f.diagnostics)
    .filter(d => d.severity === 'error')
    .map(d => `${d.code} ${d.source?.file ?? ''} ${d.message}`)
    .sort(byString);
  const settings = {
    defaultRegion: input.options.defaultRegion,
    specsWithErrors: failed.filter(f => f.name).map(f => `${f.cluster ?? ''}/${f.name}`).sort(byString),
  };
  // Every part is built in a fixed key order from canonical (sorted) pieces, so plain JSON is canonical here.
  return sha256Hex(JSON.stringify({ v: 1, settings, specs, clusters, roles, accountId: input.accountId ?? null, errors }));
}
