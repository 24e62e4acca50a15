import { readDurationFromConfig, type Config } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type { ClusterConfig } from '@fargatekeeper/backstage-plugin-fargate-node';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '@fargatekeeper/core';

// A cluster's shape is the node package's: the accounts extension point hands it to account factories.
export type { ClusterConfig };

/** Where the specs are read from, and where requests open pull requests. */
export interface SpecsConfig {
  /** `https://github.com/<owner>/<repo>`; required for requests. */
  url?: string;
  /** Folder inside the repository, without leading or trailing slash. */
  folder: string;
  branch: string;
  localFolder?: string;
  /** Cluster of specs that name none (fargate-operator format). */
  defaultCluster?: string;
}

export interface FargateConfig {
  clusters: ClusterConfig[];
  specs: SpecsConfig;
  simulatedAccount?: string;
  cacheTtlMs: number;
  /** Timeout per attempt and attempts of every AWS and GitHub call (`fargate.calls`), so a stalled upstream fails a route within timeout × attempts. */
  callPolicy: CallPolicy;
  /** The spec tag whose value names a profile's owner (`fargate.ownerTag`), for the `isProfileOwner` permission rule. */
  ownerTag: string;
  /** Pod access (`fargate.podImpact`), through `fargate.kubeconfig` when set, else EKS tokens; absent: no Kubernetes call is made. */
  pods?: { kubeconfig?: string };
  /** Requests per user and window (`fargate.requests.rateLimit`), counted on every replica that shares the cache. */
  rateLimit: RateLimitConfig;
}

export interface RateLimitConfig {
  max: number;
  windowMs: number;
}

export const DEFAULT_OWNER_TAG = 'owner';
export const DEFAULT_RATE_LIMIT: RateLimitConfig = { max: 30, windowMs: 60_000 };

export const DEFAULT_CACHE_TTL_SECONDS = 30;

/** Reads and checks the `fargate` section of app-config (schema in config.d.ts). */
export function readFargateConfig(config: Config): FargateConfig {
  const root = config.getConfig('fargate');
  const clusters = root.getConfigArray('clusters').map(c => ({
    name: c.getString('name'),
    region: c.getString('region'),
    ...(c.has('accountId') ? { accountId: c.getString('accountId') } : {}),
  }));
  const seen = new Set<string>();
  for (const c of clusters) {
    if (seen.has(c.name)) {
      throw new Error(`fargate.clusters: the cluster name '${c.name}' appears twice; names must be unique`);
    }
    seen.add(c.name);
  }

  const specs = root.getConfig('specs');
  const url = specs.getOptionalString('url');
  const localFolder = specs.getOptionalString('localFolder');
  if (!url && !localFolder) {
    throw new Error('fargate.specs: give a repository `url` (with `folder` and `branch`) or a `localFolder`');
  }
  const folder = (specs.getOptionalString('folder') ?? 'fargate').replace(/^\/+|\/+$/g, '');
  if (folder.split('/').some(segment => segment === '..' || segment === '.')) {
    throw new Error(`fargate.specs.folder: '${folder}' must be a plain path inside the repository`);
  }

  return {
    clusters,
    specs: {
      ...(url ? { url: url.replace(/\/+$/, '').replace(/\.git$/, '') } : {}),
      folder,
      branch: specs.getOptionalString('branch') ?? 'main',
      ...(localFolder ? { localFolder } : {}),
      ...(specs.has('defaultCluster') ? { defaultCluster: specs.getString('defaultCluster') } : {}),
    },
    ...(root.has('simulatedAccount') ? { simulatedAccount: root.getString('simulatedAccount') } : {}),
    cacheTtlMs: (root.getOptionalNumber('cacheTtlSeconds') ?? DEFAULT_CACHE_TTL_SECONDS) * 1000,
    callPolicy: readCallPolicy(root),
    ownerTag: root.getOptionalString('ownerTag') ?? DEFAULT_OWNER_TAG,
    ...(root.getOptionalBoolean('podImpact')
      ? { pods: root.has('kubeconfig') ? { kubeconfig: root.getString('kubeconfig') } : {} }
      : {}),
    rateLimit: readRateLimit(root),
  };
}

/** `fargate.requests.rateLimit.max` (requests per user) and `.window` (a duration), defaulting to 30 a minute. */
function readRateLimit(root: Config): RateLimitConfig {
  const key = 'requests.rateLimit';
  const max = root.getOptionalNumber(`${key}.max`) ?? DEFAULT_RATE_LIMIT.max;
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`fargate.${key}.max: must be a whole number of at least 1 (got ${max})`);
  let windowMs = DEFAULT_RATE_LIMIT.windowMs;
  if (root.has(`${key}.window`)) {
    try {
      windowMs = durationToMilliseconds(readDurationFromConfig(root, { key: `${key}.window` }));
    } catch (error) {
      throw new Error(
        `fargate.${key}.window: give a duration such as '1m', 'PT1M' or { minutes: 1 } (${(error as Error).message})`,
      );
    }
  }
  if (!(windowMs >= 1000)) throw new Error(`fargate.${key}.window: must be at least 1 s (got ${windowMs} ms)`);
  return { max, windowMs };
}

/** `fargate.calls.timeout` (a duration: '30s', 'PT30S', { seconds: 30 }) and `fargate.calls.attempts`, each defaulting to core's policy. */
function readCallPolicy(root: Config): CallPolicy {
  let timeoutMs = DEFAULT_CALL_POLICY.timeoutMs;
  if (root.has('calls.timeout')) {
    try {
      timeoutMs = durationToMilliseconds(readDurationFromConfig(root, { key: 'calls.timeout' }));
    } catch (error) {
      throw new Error(
        `fargate.calls.timeout: give a duration such as '30s', 'PT30S' or { seconds: 30 } (${(error as Error).message})`,
      );
    }
  }
  if (!(timeoutMs > 0)) throw new Error(`fargate.calls.timeout: must be longer than 0 (got ${timeoutMs} ms)`);
  const attempts = root.getOptionalNumber('calls.attempts') ?? DEFAULT_CALL_POLICY.attempts;
  if (!Number.isInteger(attempts) || attempts < 1) {
    throw new Error(`fargate.calls.attempts: must be a whole number of at least 1 (got ${attempts})`);
  }
  return { timeoutMs, attempts };
}
