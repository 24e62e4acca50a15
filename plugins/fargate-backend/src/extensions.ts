import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Account } from '@fargatekeeper/core';
import type { ClusterConfig } from './config';

/** Makes the Account a configured cluster is read through (the default: AWS, or the simulated account). */
export type FargateAccountFactory = (cluster: ClusterConfig) => Account | Promise<Account>;

/**
 * Lets a backend module replace how clusters are reached, e.g. with its own credentials scheme or an
 * in-memory simulated account in tests. Reads still go through the plugin's cache.
 */
export interface FargateAccountsExtensionPoint {
  setAccountFactory(factory: FargateAccountFactory): void;
}

export const fargateAccountsExtensionPoint = createExtensionPoint<FargateAccountsExtensionPoint>({
  id: 'fargate.accounts',
});
