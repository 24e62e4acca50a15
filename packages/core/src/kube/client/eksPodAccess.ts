import { KubeConfig } from '@kubernetes/client-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { clusterKey, type Account, type ClusterRef } from '../../account/types';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '../../callPolicy';
import type { ClusterConnection, PodAccess } from '../types';
import { EksTokenSource } from './eksToken';
import { KubernetesClusterApi } from './KubernetesClusterApi';

export interface EksPodAccessOptions {
  /** Where each cluster's API server and CA come from: DescribeCluster (`endpoint`, `certificateAuthority`). */
  account: Pick<Account, 'describeCluster'>;
  /** The identity a cluster's tokens are signed for (the SDK's default chain, or the credentials of the cluster's account). */
  credentials: (cluster: ClusterRef) => AwsCredentialIdentityProvider;
  /** Bounds every Kubernetes call (default DEFAULT_CALL_POLICY). */
  callPolicy?: CallPolicy;
  /** Time for the tokens (tests). */
  now?: () => number;
}

/** The authenticator name of the kubeconfig user fargatekeeper builds; no kubeconfig on disk has it. */
const EKS_USER = 'fargatekeeper-eks-token';

/**
 * Pod access the way EKS expects it: the API server and CA from DescribeCluster, a bearer token
 * presigned for STS GetCallerIdentity (`aws eks get-token`), a fresh one every 14 minutes.
 */
export function eksPodAccess(options: EksPodAccessOptions): PodAccess {
  const callPolicy = options.callPolicy ?? DEFAULT_CALL_POLICY;
  return {
    async connect(clusters) {
      const entries = await Promise.all(
        clusters.map(async (ref): Promise<[string, ClusterConnection]> => {
          let info;
          try {
            info = await options.account.describeCluster(ref);
          } catch (error) {
            return [
              clusterKey(ref),
              { kind: 'unavailable', reason: `DescribeCluster failed: ${(error as Error).message}` },
            ];
          }
          if (!info) return [clusterKey(ref), { kind: 'unavailable', reason: 'the cluster was not found' }];
          if (!info.endpoint || !info.certificateAuthority) {
            return [
              clusterKey(ref),
              { kind: 'unavailable', reason: 'DescribeCluster names no API server endpoint and CA for it (yet)' },
            ];
          }
          const tokens = new EksTokenSource(ref.name, ref.region, options.credentials(ref), options.now);
          const config = new KubeConfig();
          config.loadFromOptions({
            clusters: [
              { name: ref.name, server: info.endpoint, caData: info.certificateAuthority, skipTLSVerify: false },
            ],
            users: [{ name: EKS_USER }],
            contexts: [{ name: ref.name, cluster: ref.name, user: EKS_USER }],
            currentContext: ref.name,
          });
          config.addAuthenticator({
            isAuthProvider: user => user.name === EKS_USER,
            applyAuthentication: async (_user, request) => {
              request.headers = { ...request.headers, Authorization: `Bearer ${await tokens.token()}` };
            },
          });
          return [
            clusterKey(ref),
            {
              kind: 'connected',
              api: new KubernetesClusterApi(config, ref.name, callPolicy),
              via: `EKS token for ${info.endpoint}`,
            },
          ];
        }),
      );
      return new Map(entries);
    },
  };
}
