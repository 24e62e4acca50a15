import { AccountError } from '../types';

/**
 * The errors EKS, EC2 and IAM return, with the SDK v3 exception names and HTTP status codes.
 * Messages marked "verbatim" are the services' own wording (as reported by users and recorded
 * by moto from real responses); the others follow the same style where no real sample was found.
 */
export const eksErrors = {
  /** verbatim */
  clusterNotFound: (cluster: string) =>
    new AccountError('ResourceNotFoundException', `No cluster found for name: ${cluster}.`, 404),
  /** verbatim */
  profileNotFound: (name: string) =>
    new AccountError('ResourceNotFoundException', `No Fargate Profile found with name: ${name}.`, 404),
  /** verbatim */
  clusterNotActive: (cluster: string) =>
    new AccountError('InvalidRequestException', `Cluster '${cluster}' is not in ACTIVE status`, 400),
  /** verbatim */
  profileExists: () =>
    new AccountError('ResourceInUseException', 'A Fargate Profile already exists with this name in this cluster.', 409),
  /** verbatim ("Cannot create Fargate Profile a because cluster c currently has Fargate profile b in status CREATING") */
  busy: (verb: 'create' | 'Delete', name: string, cluster: string, other: string, status: string) =>
    new AccountError(
      'ResourceInUseException',
      `Cannot ${verb} Fargate Profile ${name} because cluster ${cluster} currently has Fargate profile ${other} in status ${status}`,
      409,
    ),
  /** verbatim */
  clusterUpdating: (verb: 'create' | 'Delete', name: string, cluster: string) =>
    new AccountError(
      'ResourceInUseException',
      `Cannot ${verb} Fargate Profile ${name} because cluster ${cluster} currently has an update in progress`,
      409,
    ),
  /** verbatim */
  reservedPrefix: () =>
    new AccountError(
      'InvalidParameterException',
      "The fargate profile name starts with the reserved prefix: 'eks-'.",
      400,
    ),
  /** verbatim */
  nameTooLong: () =>
    new AccountError(
      'InvalidParameterException',
      'The Fargate profile name parameter should not be greater than 100 characters.',
      400,
    ),
  badName: (name: string) =>
    new AccountError(
      'InvalidParameterException',
      `The Fargate profile name ${JSON.stringify(name)} must start with an alphanumeric character and contain only alphanumeric characters, hyphens and underscores.`,
      400,
    ),
  /** verbatim */
  needsSelector: () =>
    new AccountError('InvalidParameterException', 'Fargate Profile requires at least one selector.', 400),
  tooManySelectors: () =>
    new AccountError('InvalidParameterException', 'Fargate Profile cannot have more than 5 selectors.', 400),
  /** verbatim */
  selectorNeedsNamespace: () =>
    new AccountError(
      'InvalidParameterException',
      'Fargate Profile must have at least one selector with at least one namespace value.',
      400,
    ),
  /** verbatim */
  tooManyLabels: () =>
    new AccountError('InvalidParameterException', 'Request contains Selector with more than 5 Label pairs', 400),
  badLabel: (what: 'key' | 'value', text: string, max: number) =>
    new AccountError(
      'InvalidParameterException',
      `Selector label ${what} ${JSON.stringify(text)} must be between 1 and ${max} characters.`,
      400,
    ),
  /** verbatim */
  publicSubnet: (subnet: string) =>
    new AccountError(
      'InvalidParameterException',
      `Subnet ${subnet} provided in Fargate Profile is not a private subnet`,
      400,
    ),
  subnetMissing: (subnet: string) =>
    new AccountError('InvalidParameterException', `Subnet ${subnet} provided in Fargate Profile does not exist`, 400),
  subnetOtherVpc: (subnet: string, vpc: string) =>
    new AccountError(
      'InvalidParameterException',
      `Subnet ${subnet} provided in Fargate Profile is not in the cluster VPC ${vpc}`,
      400,
    ),
  noPrivateSubnets: (cluster: string) =>
    new AccountError(
      'InvalidParameterException',
      `Cluster ${cluster} has no private subnets; provide subnets for the Fargate Profile`,
      400,
    ),
  /** verbatim: EKS says this for a role it cannot assume, which includes a role IAM has not yet propagated. */
  misconfiguredRole: () =>
    new AccountError(
      'InvalidParameterException',
      'Misconfigured PodExecutionRole Trust Policy; Please add the eks-fargate-pods.amazonaws.com Service Principal',
      400,
    ),
  tooManyTagsOnCreate: () =>
    new AccountError('InvalidParameterException', 'The number of tags must not exceed 50.', 400),
  reservedTagOnCreate: (key: string) =>
    new AccountError('InvalidParameterException', `Tag key ${key} uses the reserved prefix aws:.`, 400),
  quotaExceeded: (cluster: string, quota: number) =>
    new AccountError(
      'ResourceLimitExceededException',
      `Fargate Profile limit of ${quota} exceeded for cluster ${cluster}.`,
      400,
    ),
  tokenReused: () =>
    new AccountError(
      'InvalidRequestException',
      'The clientRequestToken was already used for a different CreateFargateProfile request.',
      400,
    ),
  badNextToken: () => new AccountError('InvalidParameterException', 'The nextToken provided is not valid.', 400),
  tagTargetNotFound: (arn: string) => new AccountError('NotFoundException', `Resource ${arn} not found.`, 404),
  tooManyTags: () => new AccountError('BadRequestException', 'The number of tags must not exceed 50.', 400),
  reservedTag: (key: string) =>
    new AccountError('BadRequestException', `Tag key ${key} uses the reserved prefix aws:.`, 400),
  throttled: () => new AccountError('ThrottlingException', 'Rate exceeded', 429),
};

export const ec2Errors = {
  /** verbatim */
  throttled: () => new AccountError('RequestLimitExceeded', 'Request limit exceeded.', 503),
};

export const iamErrors = {
  /** verbatim */
  noSuchRole: (name: string) =>
    new AccountError('NoSuchEntityException', `The role with name ${name} cannot be found.`, 404),
  /** verbatim */
  roleExists: (name: string) =>
    new AccountError('EntityAlreadyExistsException', `Role with name ${name} already exists.`, 409),
  /** verbatim */
  deleteConflict: () =>
    new AccountError('DeleteConflictException', 'Cannot delete entity, must detach all policies first.', 409),
  /** verbatim */
  policyNotAttached: (arn: string) => new AccountError('NoSuchEntityException', `Policy ${arn} was not found.`, 404),
  badPolicyArn: (arn: string) => new AccountError('InvalidInputException', `ARN ${arn} is not valid.`, 400),
  /** verbatim */
  tooManyTags: () => new AccountError('LimitExceededException', 'Cannot exceed quota for TagsPerRole: 50.', 409),
  badRoleName: (name: string) =>
    new AccountError(
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
      400,
    ),
  badRolePath: (path: string) =>
    new AccountError(
      'ValidationError',
      `1 validation error detected: Value '${path}' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`,
      400,
    ),
  /** verbatim */
  throttled: () => new AccountError('Throttling', 'Rate exceeded', 400),
};

export const stsErrors = {
  /** verbatim: STS says the same for a role that does not exist, so a caller learns nothing of another account. */
  assumeRoleDenied: (callerArn: string, roleArn: string) =>
    new AccountError(
      'AccessDenied',
      `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    ),
  /** verbatim */
  invalidParameter: (
    field: 'roleArn' | 'roleSessionName' | 'externalId' | 'durationSeconds',
    value: string,
    constraint: string,
  ) =>
    new AccountError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
      400,
    ),
  /** verbatim */
  durationTooLong: () =>
    new AccountError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      400,
    ),
};

/** What a service answers for temporary credentials it does not accept. */
export const credentialErrors = {
  /** verbatim (EKS: ExpiredTokenException; IAM, STS and EC2: ExpiredToken / RequestExpired) */
  expired: (eks: boolean) =>
    new AccountError(
      eks ? 'ExpiredTokenException' : 'ExpiredToken',
      'The security token included in the request is expired',
      eks ? 403 : 400,
    ),
  /** verbatim */
  invalid: () =>
    new AccountError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
};
