/**
 * Backstage frontend plugin for fargatekeeper: an entity card of a cluster's Fargate profiles, the
 * `/fargate` page and the self-service request form. The new frontend system is under `./alpha`.
 *
 * @packageDocumentation
 */
export { fargatePlugin, FargatePage, EntityFargateProfilesCard } from './plugin';
export { fargateApiRef, FargateClient } from './api';
export type { FargateApi } from './api';
export { isFargateAvailable, clusterNameOf, FARGATE_CLUSTER_ANNOTATION } from './entity';
export { rootRouteRef as fargateRouteRef } from './routes';
