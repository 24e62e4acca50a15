export * from './types';
export { plan, DEFAULT_PLAN_CONCURRENCY } from './plan';
export { specOf, subjectOf, doesSomething, changesSomething, profileAfter, profileGone, roleCreated, roleDeleted, summarize } from './operations';
export { deleteFirstText } from './replaceOrder';
export { profileNameFor, contentHash, immutableHash, immutableFieldsOf, managedTagsFor, desiredTagsFor, managedSpecOf, userTags, EKS_PROFILE_NAME_PATTERN } from './naming';
export {
  defaultRoleName,
  defaultRoleTrustPolicy,
  defaultRoleInput,
  defaultRoleTags,
  defaultRolePolicyArns,
  roleArn,
  partitionOf,
  isManagedRole,
  CLUSTER_TAG,
} from './defaultRole';
export { diffProfiles, sameImmutableFields, tagUpdate } from './diff';
export { limitConcurrency, Semaphore } from './limit';
