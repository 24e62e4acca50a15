/**
 * What other backend plugins and their modules use of the fargate backend plugin: its client service,
 * its accounts extension point, and the API's types.
 *
 * @packageDocumentation
 */
export {
  fargateAccountsExtensionPoint,
  type ClusterConfig,
  type FargateAccountFactory,
  type FargateAccountsExtensionPoint,
} from './extensions';
// The fargate API as a service (the scaffolder action and the catalog entity provider use it).
export {
  fargateClientServiceRef,
  type FargateClientRequestOptions,
  type FargateClientService,
} from './client/FargateClientService';
export { FargateApiError } from './client/FargateHttpClient';
// The types of that API, its field mapping and the owner rule, so its consumers need no second package.
export { profileOwnerOf, requestFieldOf } from '@fargatekeeper/backstage-plugin-fargate-common';
export type {
  ClusterProfilesResponse,
  ClusterSummary,
  DesiredProfileView,
  FieldError,
  PlanPreviewResponse,
  ProfileProposal,
  ProfileRequest,
  ProfileRequestResponse,
  ProfileView,
} from '@fargatekeeper/backstage-plugin-fargate-common';
