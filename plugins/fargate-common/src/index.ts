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
  FieldChangeView,
  FieldError,
  OpenRequest,
  OpenRequestsResponse,
  OperationView,
  OperationViewKind,
  PlanPreviewRequest,
  PlanPreviewResponse,
  PlanSummaryView,
  PlanView,
  ProfileOperationKind,
  ProfileRequest,
  ProfileRequestResponse,
  ProfileRequestSpec,
  ProfileView,
  SubnetView,
} from './api';
export { REQUEST_LABEL } from './api';
export { profileRequestToSpec, requestFieldOf, validateProfileRequest } from './request';
