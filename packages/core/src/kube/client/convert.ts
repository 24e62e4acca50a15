import type { V1LabelSelector, V1Node, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import {
  COMPUTE_TYPE_KEY,
  type ClusterNode,
  type ClusterPod,
  type DisruptionBudget,
  type LabelSelector,
  type PodPhase,
} from '../types';

// The API's objects (as @kubernetes/client-node deserialises them) reduced to what fargatekeeper reads.

const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

export function podOf(pod: V1Pod): ClusterPod {
  const owner = pod.metadata?.ownerReferences?.find(o => o.controller === true);
  const phase = PHASES.find(p => p === pod.status?.phase) ?? 'Unknown';
  return {
    namespace: pod.metadata?.namespace ?? 'default',
    name: pod.metadata?.name ?? '',
    labels: { ...(pod.metadata?.labels ?? {}) },
    annotations: { ...(pod.metadata?.annotations ?? {}) },
    phase,
    ...(pod.spec?.nodeName ? { nodeName: pod.spec.nodeName } : {}),
    ...(pod.spec?.schedulerName ? { schedulerName: pod.spec.schedulerName } : {}),
    ...(owner ? { controller: { kind: owner.kind, name: owner.name } } : {}),
  };
}

export function nodeOf(node: V1Node): ClusterNode {
  return { name: node.metadata?.name ?? '', fargate: node.metadata?.labels?.[COMPUTE_TYPE_KEY] === 'fargate' };
}

function selectorOf(selector: V1LabelSelector): LabelSelector {
  return {
    ...(selector.matchLabels ? { matchLabels: { ...selector.matchLabels } } : {}),
    ...(selector.matchExpressions
      ? {
          matchExpressions: selector.matchExpressions.map(e => ({
            key: e.key,
            operator: e.operator as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
            ...(e.values ? { values: [...e.values] } : {}),
          })),
        }
      : {}),
  };
}

export function budgetOf(budget: V1PodDisruptionBudget): DisruptionBudget {
  const spec = budget.spec;
  return {
    namespace: budget.metadata?.namespace ?? 'default',
    name: budget.metadata?.name ?? '',
    ...(spec?.selector ? { selector: selectorOf(spec.selector) } : {}),
    disruptionsAllowed: budget.status?.disruptionsAllowed ?? 0,
    ...(spec?.minAvailable !== undefined ? { minAvailable: spec.minAvailable } : {}),
    ...(spec?.maxUnavailable !== undefined ? { maxUnavailable: spec.maxUnavailable } : {}),
  };
}
