import { clusterKey, type CallPolicy, type ClusterConnection, type PodAccess } from '@fargatekeeper/core';
import { eksCredentialsOf } from '@fargatekeeper/core/node';
import type { ClusterAccounts } from './ClusterAccounts';

/**
 * The backend's pod access (`fargate.podImpact`): through `fargate.kubeconfig` when set, a context per
 * cluster, the current one only when the portal shows a single cluster; else as EKS expects, each
 * cluster's API server and CA from its (cached) DescribeCluster and tokens signed with the credentials
 * of the account it is read in. Every call is bounded by `fargate.calls`.
 */
export async function createPodAccess(
  settings: { kubeconfig?: string },
  clusters: ClusterAccounts,
  callPolicy: CallPolicy,
): Promise<PodAccess> {
  const kube = await import('@fargatekeeper/core/kube');
  const accountOf = async (name: string) => {
    const config = await clusters.find(name);
    if (!config) throw new Error(`no cluster named '${name}' is configured`);
    return (await clusters.target(config)).account;
  };
  if (!settings.kubeconfig) {
    return kube.eksPodAccess({
      account: { describeCluster: async ref => (await accountOf(ref.name)).describeCluster(ref) },
      credentials: ref => async () => eksCredentialsOf((await accountOf(ref.name)).uncached, ref.region)(),
      callPolicy,
    });
  }
  const fromFile = kube.kubeconfigPodAccess({ file: settings.kubeconfig, callPolicy });
  return {
    // Each view plans one cluster, but the current context may stand only for the portal's only cluster.
    async connect(refs) {
      const all = (await clusters.list()).map(c => ({ name: c.name, region: c.region }));
      const connections = await fromFile.connect(all);
      const unknown: ClusterConnection = { kind: 'unavailable', reason: "it is not one of the portal's clusters" };
      return new Map(refs.map(ref => [clusterKey(ref), connections.get(clusterKey(ref)) ?? unknown]));
    },
  };
}
