/**
 * The fargate entity provider for the catalog:
 * `backend.add(import('@fargatekeeper/backstage-plugin-catalog-backend-module-fargate'))`.
 *
 * @packageDocumentation
 */
export { catalogModuleFargate as default } from './module';
export { FargateEntityProvider, type FargateEntityProviderOptions } from './FargateEntityProvider';
export { readFargateCatalogConfig, type FargateCatalogConfig } from './config';
export {
  CLUSTER_TYPE,
  FARGATE_CLUSTER_ANNOTATION,
  FARGATE_DRIFT_LABEL,
  FARGATE_PROFILE_ANNOTATION,
  FARGATE_SPEC_ANNOTATION,
  FARGATE_SPEC_FILE_ANNOTATION,
  PROFILE_TYPE,
} from './entities';
