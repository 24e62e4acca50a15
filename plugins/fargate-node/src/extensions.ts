import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Account, AssumeRoleTarget } from '@fargatekeeper/core';

/** A cluster the fargate backend serves, as an account factory is handed it. */
export interface ClusterConfig {
  /** The cluster's EKS name, unique among the clusters served. */
  name: string;
  /** The AWS region the cluster is in. */
  region: string;
  /** The cluster's AWS account (its credentials in `aws.accounts[]`); absent for the main account. */
  accountId?: string;
  /**
   * Set for a cluster only a `Cluster` document of the specs declares (not app-config): where the
   * document is, and the role to assume from the main AWS credentials; its `accountId` is checked.
   */
  declared?: { at: string; role?: AssumeRoleTarget };
}

/** Makes the Account a configured cluster is read through (the default: AWS, or the simulated account). */
export type FargateAccountFactory = (cluster: ClusterConfig) => Account | Promise<Account>;

/**
 * Lets a backend module replace how clusters are reached, e.g. with its own credentials scheme or an
 * in-memory simulated account in tests. Reads still go through the plugin's cache.
 */
export interface FargateAccountsExtensionPoint {
  /** Replaces the default account factory; one module only may set it. */
  setAccountFactory(factory: FargateAccountFactory): void;
}

/** The {@link FargateAccountsExtensionPoint} of the fargate backend plugin: `deps: { accounts: fargateAccountsExtensionPoint }`. */
export const fargateAccountsExtensionPoint = createExtensionPoint<FargateAccountsExtensionPoint>({
  id: 'fargate.accounts',
});
