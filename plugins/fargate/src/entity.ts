import type { Entity } from '@backstage/catalog-model';

/** Annotation naming the EKS cluster an entity stands for (its value is the cluster name as in app-config). */
export const FARGATE_CLUSTER_ANNOTATION = 'fargatekeeper.dev/cluster';

/**
 * Annotations the AWS catalog module (`@backstage/plugin-catalog-backend-module-aws`, EKS ingestion) sets on
 * the `Resource` of type `kubernetes-cluster` it emits for every cluster: the cluster ARN carries the real
 * name (the entity name is normalised), and the Kubernetes plugin's `x-k8s-aws-id` names it as well.
 */
export const AWS_ARN_ANNOTATION = 'amazonaws.com/arn';
export const K8S_AWS_ID_ANNOTATION = 'kubernetes.io/x-k8s-aws-id';

const eksClusterArn = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/(.+)$/;

function isIngestedEksCluster(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    (entity.spec as { type?: unknown } | undefined)?.type === 'kubernetes-cluster'
  );
}

/**
 * The EKS cluster name an entity stands for, or undefined when the card does not apply to it.
 * Our own annotation wins; for ingested EKS clusters the ARN, then `x-k8s-aws-id`, then the entity name.
 */
export function clusterNameOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const own = annotations[FARGATE_CLUSTER_ANNOTATION]?.trim();
  if (own) return own;
  if (!isIngestedEksCluster(entity)) return undefined;
  const fromArn = eksClusterArn.exec(annotations[AWS_ARN_ANNOTATION] ?? '')?.[1];
  return fromArn || annotations[K8S_AWS_ID_ANNOTATION]?.trim() || entity.metadata.name;
}

/** Whether the Fargate profiles card applies to an entity (for `EntitySwitch` and the new system's filter). */
export const isFargateAvailable = (entity: Entity): boolean => clusterNameOf(entity) !== undefined;
