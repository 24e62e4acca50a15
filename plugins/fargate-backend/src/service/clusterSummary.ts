import type { LoggerService } from '@backstage/backend-plugin-api';
import { subnetRouting, type AccountReader } from '@fargatekeeper/core';
import type { ClusterSummary } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ClusterTarget } from './ClusterAccounts';

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A cluster's summary, and the error that cut it short (routes tell a stalled AWS from other failures by it). */
export interface ClusterSummaryRead {
  summary: ClusterSummary;
  failure?: unknown;
}

/**
 * A configured cluster as `GET /clusters` shows it: status, VPC, subnets with whether each is private
 * (core's route-table rule), profile count and quota. A cluster that cannot be read carries `error`,
 * and the read its `failure`.
 */
export async function summarizeCluster(
  target: ClusterTarget,
  reader: AccountReader,
  logger: LoggerService,
): Promise<ClusterSummaryRead> {
  const { config, ref } = target;
  const base = {
    name: config.name,
    region: config.region,
    ...(config.accountId ? { accountId: config.accountId } : {}),
  };
  try {
    const info = await reader.describeCluster(ref);
    if (!info)
      return { summary: { ...base, subnets: [], error: `cluster '${config.name}' was not found in ${config.region}` } };
    const [subnets, names, quota, accountId] = await Promise.all([
      reader.describeSubnets(config.region, info.subnetIds),
      reader.listAllFargateProfiles(ref),
      reader.getFargateProfileQuota(config.region).catch(() => undefined),
      reader.getAccountId().catch(() => config.accountId),
    ]);
    const vpcId = info.vpcId ?? subnets[0]?.vpcId;
    const tables = vpcId ? await reader.describeRouteTables(config.region, vpcId) : [];
    const summary: ClusterSummary = {
      ...base,
      ...(accountId ? { accountId } : {}),
      status: info.status,
      ...(vpcId ? { vpcId } : {}),
      subnets: info.subnetIds.map(id => {
        const subnet = subnets.find(s => s.id === id);
        return {
          id,
          ...(subnet ? { availabilityZone: subnet.availabilityZone } : {}),
          private: subnet !== undefined && !subnetRouting(id, tables).internetRoute,
        };
      }),
      profileCount: names.length,
      ...(quota !== undefined ? { profileQuota: quota } : {}),
    };
    return { summary };
  } catch (error) {
    logger.warn(`fargate cluster ${config.name} (${config.region}) could not be read: ${errorText(error)}`);
    return { summary: { ...base, subnets: [], error: errorText(error) }, failure: error };
  }
}
