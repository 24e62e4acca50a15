// Specs and the live profiles they leave once applied, for the benches that plan against the simulated
// account. The plan and fleet benches share their clusters' shape: 10 specs and their profiles, 2 of
// them drifted.
import { desiredTagsFor, profileNameFor, type ProfileSpec, type SimState } from '@fargatekeeper/core';
import { activeCluster, clusterSubnets, clusterVpc } from './simAccount';

type SimVpc = SimState['vpcs'][number];
type SimCluster = SimState['clusters'][number];
type SimProfile = SimCluster['profiles'][number];

/** The profile `spec` leaves once applied: active, with its desired tags unless `tags` says others. */
export function appliedProfile(spec: ProfileSpec, tags = desiredTagsFor(spec)): SimProfile {
  return {
    name: profileNameFor(spec),
    status: 'ACTIVE',
    podExecutionRoleArn: spec.podExecutionRoleArn!,
    subnets: spec.subnets,
    selectors: spec.selectors,
    tags,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** Specs per cluster of {@link driftedCluster}. */
export const PROFILES = 10;

/**
 * Cluster `c` named `name`, as the plan benches see it: its VPC; PROFILES specs `app-0` … `app-9`
 * (namespace `app-p`, team `team-p`, a file each) naming `podExecutionRoleArn`, cluster `c`'s subnets
 * and `region` when given (the fleet's specs name theirs; without, plan's default region holds); and
 * the live cluster with them applied, 8 up to date, one with an old tag (a retag), one with an old
 * subnet set (a replace).
 */
export function driftedCluster(
  name: string,
  c: number,
  podExecutionRoleArn: string,
  region?: string,
): { vpc: SimVpc; specs: ProfileSpec[]; cluster: SimCluster } {
  const subnets = clusterSubnets(c);
  const specs = Array.from({ length: PROFILES }, (_, p): ProfileSpec => ({
    name: `app-${p}`,
    cluster: name,
    ...(region !== undefined ? { region } : {}),
    podExecutionRoleArn,
    subnets,
    selectors: [{ namespace: `app-${p}`, labels: { compute: 'fargate' } }],
    tags: { team: `team-${p}` },
    source: { file: `fargate/${name}/app-${p}.yaml`, line: 1, column: 1, format: 'native', document: 0, fields: {} },
  }));
  const live = specs.map((spec, p) => {
    if (p === 8) return appliedProfile(spec, { ...desiredTagsFor(spec), team: 'someone-else' });
    if (p === 9) return appliedProfile({ ...spec, subnets: [subnets[0]!] });
    return appliedProfile(spec);
  });
  return { vpc: clusterVpc(c), specs, cluster: activeCluster(name, c, live) };
}
