import type { LoggerService } from '@backstage/backend-plugin-api';
import type { FargateAccountFactory } from '@fargatekeeper/backstage-plugin-fargate-node';
import { canAssumeRoles, type Account, type ClusterRef, type ClusterSpec } from '@fargatekeeper/core';
import type { ClusterConfig } from '../config';
import { CachedAccount } from './CachedAccount';
import { mergeClusters } from './declaredClusters';
import type { ReadCache } from './ReadCache';

/** A configured cluster and the cached Account it is read through. */
export interface ClusterTarget {
  config: ClusterConfig;
  ref: ClusterRef;
  account: CachedAccount;
}

/**
 * The clusters of app-config and of the specs' `Cluster` documents (see {@link mergeClusters}), each
 * with its Account. Accounts are made on first use and shared by the clusters of one AWS account,
 * region and role, so their reads share cache entries too. A cluster a document declares is reached
 * as the CLI reaches it: its role assumed from the main credentials (the factory's account for the
 * cluster without an account id), or those credentials when it names none; either way the account
 * it lands in must be the declared one.
 */
export class ClusterAccounts {
  private readonly accounts = new Map<string, Promise<CachedAccount>>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly configured: ClusterConfig[],
    private readonly createAccount: FargateAccountFactory,
    private readonly cache: ReadCache,
    /** The specs' Cluster documents (none when the specs cannot be read: app-config's clusters are still shown). */
    private readonly declared: () => Promise<readonly ClusterSpec[]> = async () => [],
    private readonly logger?: LoggerService,
  ) {}

  async list(): Promise<ClusterConfig[]> {
    const declared = await this.declared().catch((error: unknown) => {
      this.logger?.warn(
        `fargate Cluster documents could not be read, showing the clusters of app-config only: ${error instanceof Error ? error.message : String(error)}`,
      );
      return [];
    });
    const { clusters, conflicts } = mergeClusters(this.configured, declared);
    for (const { message } of conflicts) {
      if (this.warned.has(message)) continue;
      this.warned.add(message);
      this.logger?.warn(`fargate: ${message}`);
    }
    return clusters;
  }

  async find(name: string): Promise<ClusterConfig | undefined> {
    return (await this.list()).find(c => c.name === name);
  }

  async target(cluster: ClusterConfig): Promise<ClusterTarget> {
    const role = cluster.declared?.role;
    const scope = `${cluster.accountId ?? 'main'}/${cluster.region}${role ? `/${role.roleArn}/${role.externalId ?? ''}/${role.sessionName}` : ''}`;
    let account = this.accounts.get(scope);
    if (!account) {
      account = this.reach(cluster).then(a => new CachedAccount(a, this.cache, scope));
      account.catch(() => this.accounts.delete(scope));
      this.accounts.set(scope, account);
    }
    const cached = await account;
    if (cluster.declared) await landsInDeclaredAccount(cluster, cached);
    return { config: cluster, ref: { name: cluster.name, region: cluster.region }, account: cached };
  }

  private async reach(cluster: ClusterConfig): Promise<Account> {
    const role = cluster.declared?.role;
    if (!role) return this.createAccount(cluster);
    // The main credentials: the factory's account for the cluster as if it named no account.
    const base = await this.createAccount({ name: cluster.name, region: cluster.region });
    if (!canAssumeRoles(base))
      throw new Error(
        `the account factory's accounts cannot assume roles, so role ${role.roleArn} of cluster ${cluster.name} is not reached`,
      );
    return base.assumedRole(role);
  }
}

/** A declared cluster is read only in its declared account (the id is read once, then cached). */
async function landsInDeclaredAccount(cluster: ClusterConfig, account: Account): Promise<void> {
  const landed = await account.getAccountId();
  if (landed === cluster.accountId) return;
  const via = cluster.declared?.role
    ? `role ${cluster.declared.role.roleArn} lands in`
    : 'the main AWS credentials are of';
  throw new Error(
    `cluster ${cluster.name} is declared in account ${cluster.accountId} (${cluster.declared?.at}), but ${via} account ${landed}`,
  );
}
