import { ANNOTATION_LOCATION, stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { AWS_ARN_ANNOTATION, FARGATE_CLUSTER_ANNOTATION, isFargateLocation, K8S_AWS_ID_ANNOTATION } from './entities';

const eksClusterArn = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/(.+)$/;

/**
 * The EKS cluster a `kubernetes-cluster` Resource stands for, by the rule of the fargate entity card
 * (`clusterNameOf` of the frontend plugin): our annotation, else the ARN the AWS catalog module sets,
 * else `kubernetes.io/x-k8s-aws-id`, else the entity's name.
 */
export function clusterNameOf(entity: Entity): string {
  const annotations = entity.metadata.annotations ?? {};
  const own = annotations[FARGATE_CLUSTER_ANNOTATION]?.trim();
  if (own) return own;
  return (
    eksClusterArn.exec(annotations[AWS_ARN_ANNOTATION] ?? '')?.[1] ||
    annotations[K8S_AWS_ID_ANNOTATION]?.trim() ||
    entity.metadata.name
  );
}

/**
 * Cluster name → the ref of the cluster entity another source (the AWS catalog module, a
 * catalog-info file) has in the catalog; the first by ref when several stand for one cluster.
 * Entities of this provider do not count: it emits its own only where there is none of these.
 */
export function clusterRefsOf(entities: Entity[]): Map<string, string> {
  const refs = new Map<string, string>();
  const others = entities
    .filter(e => !isFargateLocation(e.metadata.annotations?.[ANNOTATION_LOCATION]))
    .map(e => ({ cluster: clusterNameOf(e), ref: stringifyEntityRef(e) }))
    .sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
  for (const { cluster, ref } of others) if (!refs.has(cluster)) refs.set(cluster, ref);
  return refs;
}
