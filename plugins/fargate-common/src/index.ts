// Shared by the fargate frontend and backend plugins; isomorphic (no Node built-ins).
export {
  fargatePermissions,
  fargateProfileReadPermission,
  fargateProfileRequestPermission,
} from './permissions';
export type {
  CheckState,
  ClusterProfilesResponse,
  ClustersResponse,
  ClusterSummary,
  DesiredProfileView,
  DriftState,
  ExplainMatch,
  ExplainRequest,
  ExplainResponse,
  FargateErrorBody,
  FieldError,
  OpenRequest,
  OpenRequestsResponse,
  PlanPreviewRequest,
  PlanPreviewResponse,
  ProfileRequest,
  ProfileRequestResponse,
  ProfileRequestSpec,
  ProfileView,
  SubnetView,
} from './api';
export { REQUEST_LABEL } from './api';
export { profileRequestToSpec, requestFieldOf, validateProfileRequest } from './request';
