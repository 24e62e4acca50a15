import {
  ANNOTATION_EDIT_URL,
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  ANNOTATION_VIEW_URL,
  DEFAULT_NAMESPACE,
  stringifyEntityRef,
  type ResourceEntity,
} from '@backstage/catalog-model';
import { profileOwnerOf, type ClusterSummary, type ProfileView } from '@fargatekeeper/backstage-plugin-fargate-node';
import type { FargateCatalogConfig } from './config';
import { entityNameOf } from './entityName';

/** The cluster an entity is about: the entity card of the fargate frontend plugin reads it. */
export const FARGATE_CLUSTER_ANNOTATION = 'fargatekeeper.dev/cluster';
/** The EKS profile name: the live one, or the one the spec will create. */
export const FARGATE_PROFILE_ANNOTATION = 'fargatekeeper.dev/profile';
/** The spec's `metadata.name`, for profiles that have a spec. */
export const FARGATE_SPEC_ANNOTATION = 'fargatekeeper.dev/spec';
/** The spec file's path in the specs repository, and its line. */
export const FARGATE_SPEC_FILE_ANNOTATION = 'fargatekeeper.dev/spec-file';
/** The profile's drift from Git (`in-sync`, `drifted`, `missing`, `orphaned`, `unmanaged`, `unknown`). */
export const FARGATE_DRIFT_LABEL = 'fargatekeeper.dev/drift';
/** The name EKS clusters go by in the Kubernetes plugin and the AWS catalog module. */
export const K8S_AWS_ID_ANNOTATION = 'kubernetes.io/x-k8s-aws-id';
export const AWS_ARN_ANNOTATION = 'amazonaws.com/arn';

/** The `spec.type` of the profiles' entities. */
export const PROFILE_TYPE = 'fargate-profile';
/** The type Backstage's AWS and Kubernetes integrations give cluster resources. */
export const CLUSTER_TYPE = 'kubernetes-cluster';

export type EntityOptions = Pick<FargateCatalogConfig, 'ownerTag' | 'defaultOwner'>;

/** Where this provider's entities come from, as the catalog records it (one location per cluster). */
export const locationOf = (cluster: Pick<ClusterSummary, 'name' | 'region'>) =>
  `fargatekeeper:${cluster.region}/${cluster.name}`;

/** An entity this provider emitted (by its `backstage.io/managed-by-location`). */
export const isFargateLocation = (location: string | undefined) => location?.startsWith('fargatekeeper:') ?? false;

const driftWords: Record<ProfileView['drift'], string> = {
  'in-sync': 'in sync with its spec',
  drifted: 'drifted from its spec',
  missing: 'not created yet',
  orphaned: 'its spec removed from Git',
  unmanaged: 'not managed by fargatekeeper',
  unknown: 'not compared with Git',
};

/** The name of the cluster entity this provider emits for a cluster (the AWS catalog module's, the cluster name). */
export const clusterEntityName = (cluster: string) => entityNameOf([cluster]);

/** A `Resource` of type `kubernetes-cluster` for a cluster that has none in the catalog yet. */
export function clusterEntity(cluster: ClusterSummary, options: EntityOptions): ResourceEntity {
  const location = locationOf(cluster);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: clusterEntityName(cluster.name),
      namespace: DEFAULT_NAMESPACE,
      title: cluster.name,
      description: `EKS cluster ${cluster.name} in ${cluster.region}${cluster.accountId ? ` (account ${cluster.accountId})` : ''}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [FARGATE_CLUSTER_ANNOTATION]: cluster.name,
        [K8S_AWS_ID_ANNOTATION]: cluster.name,
      },
      tags: ['eks', 'kubernetes'],
    },
    spec: { type: CLUSTER_TYPE, owner: options.defaultOwner },
  };
}

/**
 * The `Resource` entities of a cluster's profiles, live and desired (one per profile view), each
 * depending on the cluster's entity. Named `<cluster>.<spec>` when there is a spec (stable across
 * replacements, which rename the EKS profile), else `<cluster>.<EKS name>`.
 */
export function profileEntities(
  cluster: ClusterSummary,
  views: ProfileView[],
  clusterRef: string,
  options: EntityOptions,
): ResourceEntity[] {
  const used = new Set<string>();
  return views.map(view => {
    let name = entityNameOf([cluster.name, view.desired?.spec ?? view.name]);
    // An unmanaged profile can carry the name of a spec; the later one gets a hash of its EKS name.
    if (used.has(name)) name = entityNameOf([cluster.name, view.desired?.spec ?? view.name], view.name);
    used.add(name);
    return profileEntity(cluster, view, { name, clusterRef, ...options });
  });
}

function profileEntity(
  cluster: ClusterSummary,
  view: ProfileView,
  options: EntityOptions & { name: string; clusterRef: string },
): ResourceEntity {
  const { desired, live } = view;
  const location = locationOf(cluster);
  const owner =
    profileOwnerOf(desired?.tags ?? {}, options.ownerTag) ??
    profileOwnerOf(live?.tags ?? {}, options.ownerTag) ??
    options.defaultOwner;
  const namespaces = [...new Set((desired?.selectors ?? live?.selectors ?? []).map(s => s.namespace))];
  const viewUrl = desired?.url;
  const fileUrl = viewUrl?.replace(/#.*$/, '');
  const editUrl = fileUrl?.replace(/^(https:\/\/[^/]+\/[^/]+\/[^/]+)\/blob\//, '$1/edit/');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: options.name,
      namespace: DEFAULT_NAMESPACE,
      title: `${desired?.spec ?? view.name} (${cluster.name})`,
      description: `Fargate profile ${view.name} of the EKS cluster ${cluster.name} (${cluster.region}), ${driftWords[view.drift]}; namespaces: ${namespaces.join(', ') || 'none'}`,
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [FARGATE_CLUSTER_ANNOTATION]: cluster.name,
        [FARGATE_PROFILE_ANNOTATION]: view.name,
        ...(desired
          ? {
              [FARGATE_SPEC_ANNOTATION]: desired.spec,
              [FARGATE_SPEC_FILE_ANNOTATION]: `${desired.source.file}:${desired.source.line}`,
            }
          : {}),
        ...(viewUrl && fileUrl
          ? { [ANNOTATION_SOURCE_LOCATION]: `url:${fileUrl}`, [ANNOTATION_VIEW_URL]: viewUrl }
          : {}),
        ...(editUrl && editUrl !== fileUrl ? { [ANNOTATION_EDIT_URL]: editUrl } : {}),
        ...(live ? { [AWS_ARN_ANNOTATION]: live.arn } : {}),
      },
      labels: { [FARGATE_DRIFT_LABEL]: view.drift },
      tags: ['fargate', 'eks'],
      ...(viewUrl ? { links: [{ url: viewUrl, title: 'Spec in Git', icon: 'github' }] } : {}),
    },
    spec: { type: PROFILE_TYPE, owner, dependsOn: [options.clusterRef] },
  };
}

/** The ref of the cluster entity this provider emits. */
export const ownClusterRef = (cluster: string) =>
  stringifyEntityRef({ kind: 'Resource', namespace: DEFAULT_NAMESPACE, name: clusterEntityName(cluster) });
