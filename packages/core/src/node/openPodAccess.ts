import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { Fleet } from '../account/Fleet';
import type { Account, ClusterRef } from '../account/types';
import type { CallPolicy } from '../callPolicy';
import type { PodAccess } from '../kube/types';
import type { OpenedAccount } from './openAccount';

/** How a front door reaches the clusters' Kubernetes APIs: a kubeconfig file, else EKS tokens signed for the cluster's account. */
export interface PodAccessSource {
  /** `--kubeconfig FILE`: a context per cluster (named after it, or by its ARN as `aws eks update-kubeconfig` names it). */
  kubeconfig?: string;
  /** Bounds every Kubernetes call (the front door's call policy). */
  callPolicy?: CallPolicy;
  /** The run's accounts: each cluster is described in, and its tokens signed for, the account the Fleet places it in. */
  fleet?: Fleet;
}

/** An account that signs with credentials of its own (AwsAccount, and the roles it assumes). */
const signsWith = (
  account: Account,
): account is Account & { credentialsFor(region: string): AwsCredentialIdentityProvider } =>
  typeof (account as { credentialsFor?: unknown }).credentialsFor === 'function';

let defaultChain: AwsCredentialIdentityProvider | undefined;

/**
 * The identity EKS tokens for a cluster are signed with: the credentials of the account it is read
 * in (AwsAccount, an assumed role), else the SDK's default chain (a simulated account has none).
 */
export function eksCredentialsOf(account: Account, region: string): AwsCredentialIdentityProvider {
  if (signsWith(account)) return account.credentialsFor(region);
  return async () => {
    defaultChain ??= (await import('@aws-sdk/credential-providers')).fromNodeProviderChain();
    return defaultChain();
  };
}

/**
 * Pod access for an opened account, by one rule for every front door: the kubeconfig when one is
 * given; otherwise as EKS expects (API server and CA from DescribeCluster, a token presigned for STS
 * GetCallerIdentity), signed with the credentials of the cluster's account, or for a simulated
 * account with the SDK's default chain (its clusters name an API server only where the file says so).
 * The Kubernetes client is imported only here, so runs without pod access never load it.
 */
export async function openPodAccess(opened: OpenedAccount, source: PodAccessSource = {}): Promise<PodAccess> {
  // By the package's own name, like the AWS adapter in openAccount: a bundle may compile it on first use.
  const kube = await import('@fargatekeeper/core/kube');
  const callPolicy = source.callPolicy ? { callPolicy: source.callPolicy } : {};
  if (source.kubeconfig) return kube.kubeconfigPodAccess({ file: source.kubeconfig, ...callPolicy });
  const { fleet } = source;
  const accountOf = (ref: ClusterRef): Account => {
    const place = fleet?.placeOf(ref);
    return place && place.kind !== 'unreachable' ? place.credentials.account : opened.account;
  };
  return kube.eksPodAccess({
    account: { describeCluster: ref => accountOf(ref).describeCluster(ref) },
    credentials: ref => eksCredentialsOf(accountOf(ref), ref.region),
    ...callPolicy,
  });
}
