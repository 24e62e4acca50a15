/**
 * `@fargatekeeper/core/aws`: the Account port implemented with the AWS SDK v3 clients.
 *
 * @packageDocumentation
 */
export { AwsAccount, type AwsAccountOptions, type AwsClientSettings } from './account/aws/AwsAccount';
