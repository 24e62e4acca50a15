import { KubeConfig } from '@kubernetes/client-node';
import { clusterKey, type ClusterRef } from '../../account/types';
import { DEFAULT_CALL_POLICY, type CallPolicy } from '../../callPolicy';
import type { ClusterConnection, PodAccess } from '../types';
import { KubernetesClusterApi } from './KubernetesClusterApi';

export interface KubeconfigPodAccessOptions {
  /** The kubeconfig file (`--kubeconfig FILE`). */
  file: string;
  callPolicy?: CallPolicy;
}

/**
 * The context that stands for a cluster: one named after it, or the one `aws eks update-kubeconfig`
 * writes (named by the cluster's ARN, `arn:aws:eks:<region>:<account>:cluster/<name>`); the current
 * context only when the run has this one cluster (with several it could be any of them).
 */
export function contextFor(config: KubeConfig, ref: ClusterRef, clustersInRun: number): string | undefined {
  const names = config.getContexts().map(c => c.name);
  const arn = new RegExp(
    `^arn:aws[a-z-]*:eks:${ref.region.replace(/[^a-z0-9-]/g, '')}:\\d{12}:cluster/${ref.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
  );
  return (
    names.find(n => n === ref.name) ??
    names.find(n => arn.test(n)) ??
    (clustersInRun === 1 && config.getCurrentContext() ? config.getCurrentContext() : undefined)
  );
}

/** Pod access from a kubeconfig file: a context per cluster (see {@link contextFor}); clusters without one are not read. */
export function kubeconfigPodAccess(options: KubeconfigPodAccessOptions): PodAccess {
  const callPolicy = options.callPolicy ?? DEFAULT_CALL_POLICY;
  return {
    async connect(clusters) {
      const loaded = new KubeConfig();
      try {
        loaded.loadFromFile(options.file);
      } catch (error) {
        const reason = `the kubeconfig ${options.file} cannot be read: ${(error as Error).message}`;
        return new Map(clusters.map(ref => [clusterKey(ref), { kind: 'unavailable', reason }]));
      }
      return new Map(
        clusters.map((ref): [string, ClusterConnection] => {
          const context = contextFor(loaded, ref, clusters.length);
          if (!context) {
            const why =
              clusters.length > 1 ? ` (the current context stands for a cluster only when the run has one)` : '';
            return [
              clusterKey(ref),
              {
                kind: 'unavailable',
                reason: `the kubeconfig ${options.file} has no context named \`${ref.name}\`${why}`,
              },
            ];
          }
          const config = new KubeConfig();
          config.loadFromOptions({
            clusters: loaded.getClusters(),
            users: loaded.getUsers(),
            contexts: loaded.getContexts(),
            currentContext: context,
          });
          if (!config.getCurrentCluster())
            return [
              clusterKey(ref),
              { kind: 'unavailable', reason: `the context \`${context}\` of ${options.file} names no cluster` },
            ];
          return [
            clusterKey(ref),
            {
              kind: 'connected',
              api: new KubernetesClusterApi(config, ref.name, callPolicy),
              via: `kubeconfig context \`${context}\``,
            },
          ];
        }),
      );
    },
  };
}
