/**
 * The fargatekeeper Backstage backend plugin: `backend.add(import('@fargatekeeper/backstage-plugin-fargate-backend'))`.
 *
 * @packageDocumentation
 */
export { fargatePlugin as default } from './plugin';
export {
  fargateAccountsExtensionPoint,
  type FargateAccountFactory,
  type FargateAccountsExtensionPoint,
} from './extensions';
export type { ClusterConfig } from './config';
// For permission policies: allow changing and deleting a profile to its owners (see docs/portal.md).
export {
  createFargateProfileConditionalDecision,
  fargateProfileConditions,
  fargateProfileResourceRef,
  type FargateProfileQuery,
  type FargateProfileResource,
} from './permissions';
// For other plugins' modules (scaffolder action, catalog entity provider): the fargate API as a service.
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
