import type { HealthIssue, PolicyDocument, Route } from '../types';
import type { SimAccountState, SimCluster, SimProfile, SimRole, SimRouteTable, SimState, SimVpc } from './state';

/*
 * Writes the state with a fixed key order and sorted maps, so a saved file diffs nicely from run
 * to run. Clusters, VPCs and route tables keep the file's order; profiles and roles are sorted by
 * name (new ones would otherwise land at the end in whatever order they were created).
 */

const byName = <T extends { name: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const sortedMap = (map: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

const health = (issues: HealthIssue[] | undefined): HealthIssue[] | undefined =>
  issues && issues.length > 0
    ? issues.map(i =>
        defined({ code: i.code, message: i.message, resourceIds: i.resourceIds ? [...i.resourceIds] : undefined }),
      )
    : undefined;

const route = (r: Route): Route =>
  defined({
    destinationCidrBlock: r.destinationCidrBlock,
    destinationIpv6CidrBlock: r.destinationIpv6CidrBlock,
    gatewayId: r.gatewayId,
    natGatewayId: r.natGatewayId,
  });

const profile = (p: SimProfile): SimProfile =>
  defined({
    name: p.name,
    status: p.status,
    podExecutionRoleArn: p.podExecutionRoleArn,
    subnets: [...p.subnets],
    selectors: p.selectors.map(s => ({ namespace: s.namespace, labels: sortedMap(s.labels) })),
    tags: sortedMap(p.tags),
    createdAt: p.createdAt,
    arn: p.arn,
    health: health(p.health),
    clientRequestToken: p.clientRequestToken,
    transition: p.transition
      ? defined({ to: p.transition.to, at: p.transition.at, health: health(p.transition.health) })
      : undefined,
  });

const cluster = (c: SimCluster): SimCluster =>
  defined({
    name: c.name,
    region: c.region,
    status: c.status,
    vpcId: c.vpcId,
    subnetIds: [...c.subnetIds],
    updateInProgress: c.updateInProgress || undefined,
    endpoint: c.endpoint,
    certificateAuthority: c.certificateAuthority,
    profiles: byName(c.profiles).map(profile),
  });

const routeTable = (t: SimRouteTable): SimRouteTable => ({
  id: t.id,
  main: t.main,
  subnetIds: [...t.subnetIds],
  routes: t.routes.map(route),
});

const vpc = (v: SimVpc): SimVpc => ({
  id: v.id,
  region: v.region,
  subnets: v.subnets.map(s => ({ id: s.id, availabilityZone: s.availabilityZone })),
  routeTables: v.routeTables.map(routeTable),
});

const role = (r: SimRole): SimRole =>
  defined({
    name: r.name,
    path: r.path,
    assumeRolePolicy: JSON.parse(JSON.stringify(r.assumeRolePolicy)) as PolicyDocument,
    tags: sortedMap(r.tags),
    attachedPolicyArns: [...r.attachedPolicyArns],
    description: r.description,
    createdAt: r.createdAt,
  });

const account = (a: SimAccountState): SimAccountState => ({
  accountId: a.accountId,
  clusters: a.clusters.map(cluster),
  vpcs: a.vpcs.map(vpc),
  roles: byName(a.roles).map(role),
});

export function simStateToJSON(state: SimState): SimState {
  return defined({
    accountId: state.accountId,
    region: state.region,
    principalArn: state.principalArn,
    quotas: state.quotas ? defined({ fargateProfilesPerCluster: state.quotas.fargateProfilesPerCluster }) : undefined,
    timings: state.timings
      ? defined({
          createSeconds: state.timings.createSeconds,
          deleteSeconds: state.timings.deleteSeconds,
          iamPropagationSeconds: state.timings.iamPropagationSeconds,
        })
      : undefined,
    clusters: state.clusters.map(cluster),
    vpcs: state.vpcs.map(vpc),
    roles: byName(state.roles).map(role),
    accounts: state.accounts?.map(account),
  });
}
