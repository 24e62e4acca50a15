import type { ProfileSpec } from '../spec/types';
import { managedSpecOf, type LiveProfile, type RouteTable } from './types';

// How EKS and its VPC judge what a spec asks for: which subnets count as private (Fargate runs pods
// only in private subnets), and how many profiles a cluster holds against its quota. The live rules
// and the Backstage backend both decide by these, so a portal page and a validate run never disagree.

/** EKS's default quota of Fargate profiles per cluster, assumed when Service Quotas cannot be read. */
export const DEFAULT_FARGATE_PROFILE_QUOTA = 10;

/** How a subnet reaches the internet: through the route table associated with it, or else the VPC's main one. */
export interface SubnetRouting {
  /** Undefined when the VPC has no route table that serves the subnet. */
  routeTable?: RouteTable;
  /** The internet gateway route that makes the subnet public, if any. */
  internetRoute?: { destination: string; gatewayId: string };
}

export function subnetRouting(subnetId: string, tables: RouteTable[]): SubnetRouting {
  const routeTable = tables.find(t => t.subnetIds.includes(subnetId)) ?? tables.find(t => t.main);
  const route = routeTable?.routes.find(r => r.gatewayId?.startsWith('igw-'));
  return {
    ...(routeTable ? { routeTable } : {}),
    ...(route
      ? {
          internetRoute: {
            destination: route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? '(any)',
            gatewayId: route.gatewayId!,
          },
        }
      : {}),
  };
}

/**
 * Profiles a cluster will hold once the specs are applied: one per spec, plus the live profiles
 * fargatekeeper does not manage and no spec adopts (managed profiles without a spec get deleted,
 * profiles already DELETING are on their way out). The quota must hold this steady state; whether a
 * replacement can create before it deletes (one spare slot at the peak) is the planner's decision.
 */
export function profilesAfterApply(
  specs: Pick<ProfileSpec, 'name' | 'adopt'>[],
  live: Pick<LiveProfile, 'name' | 'status' | 'tags'>[],
): { fromSpecs: number; unmanaged: number; total: number } {
  const adopted = new Set(specs.map(s => s.adopt).filter((a): a is string => a !== undefined));
  const unmanaged = live.filter(
    p => p.status !== 'DELETING' && managedSpecOf(p.tags) === undefined && !adopted.has(p.name),
  ).length;
  return { fromSpecs: specs.length, unmanaged, total: specs.length + unmanaged };
}
