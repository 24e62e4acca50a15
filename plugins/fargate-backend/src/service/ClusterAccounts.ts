import type { ClusterRef } from '@fargatekeeper/core';
import type { ClusterConfig } from '../config';
import type { FargateAccountFactory } from '../extensions';
import { CachedAccount } from './CachedAccount';
import type { ReadCache } from './ReadCache';

/** A configured cluster and the cached Account it is read through. */
export interface ClusterTarget {
  config: ClusterConfig;
  ref: ClusterRef;
  account: CachedAccount;
}

/**
 * The configured clusters, each with its Account. Accounts are made on first use and shared by the
 * clusters of one AWS account and region, so their reads share cache entries too.
 */
export class ClusterAccounts {
  private readonly accounts = new Map<string, Promise<CachedAccount>>();

  constructor(
    private readonly clusters: ClusterConfig[],
    private readonly createAccount: FargateAccountFactory,
    private readonly cache: ReadCache,
  ) {}

  list(): ClusterConfig[] {
    return this.clusters;
  }

  find(name: string): ClusterConfig | undefined {
    return this.clusters.find(c => c.name === name);
  }

  async target(cluster: ClusterConfig): Promise<ClusterTarget> {
    const scope = `${cluster.accountId ?? 'main'}/${cluster.region}`;
    let account = this.accounts.get(scope);
    if (!account) {
      account = Promise.resolve(this.createAccount(cluster)).then(a => new CachedAccount(a, this.cache, scope));
      account.catch(() => this.accounts.delete(scope));
      this.accounts.set(scope, account);
    }
    return { config: cluster, ref: { name: cluster.name, region: cluster.region }, account: await account };
  }
}
