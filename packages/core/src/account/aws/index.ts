export { AwsAccount, FARGATE_PROFILES_QUOTA_CODE, parsePolicyDocument, type AwsAccountOptions, type AwsClientSettings } from './AwsAccount';
