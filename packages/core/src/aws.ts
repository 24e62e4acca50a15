// `@fargatekeeper/core/aws`: the Account port implemented with the AWS SDK v3 clients.
export * from './account/aws';
