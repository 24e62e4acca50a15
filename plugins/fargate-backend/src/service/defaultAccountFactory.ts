import type { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { FargateAccountFactory } from '@fargatekeeper/backstage-plugin-fargate-node';
import { AwsAccount } from '@fargatekeeper/core/aws';
import { systemClock } from '@fargatekeeper/core';
import { openAccount } from '@fargatekeeper/core/node';
import type { FargateConfig } from '../config';
import { boundedCredentials, withinPolicy } from './boundedCredentials';

/**
 * Clusters are read from the simulated account when `fargate.simulatedAccount` names one, opened once
 * the way the CLI and the Action open it (core's openAccount) but on wall time: the backend only reads,
 * so profiles left CREATING or DELETING in the file settle as they would in EKS; else from AWS with the
 * credentials that `@backstage/integration-aws-node` gives for the cluster's account
 * (`aws.mainAccount`, `aws.accounts[]`), in the cluster's own region, every call bounded by
 * `fargate.calls` (the call policy), the integration's own STS calls (AssumeRole, GetCallerIdentity) too.
 */
export async function defaultAccountFactory(options: {
  config: FargateConfig;
  rootConfig: RootConfigService;
  logger: LoggerService;
}): Promise<FargateAccountFactory> {
  const { config, rootConfig, logger } = options;
  if (config.simulatedAccount) {
    // Every cluster names its region, so the run's region (AWS_REGION or the file's) plays no part here.
    const { account } = await openAccount({ kind: 'simulated', file: config.simulatedAccount, clock: systemClock }, {});
    logger.info(`fargate clusters are read from the simulated account ${config.simulatedAccount}`);
    return () => account;
  }
  const credentials = DefaultAwsCredentialsManager.fromConfig(rootConfig);
  const policy = config.callPolicy;
  return async cluster => {
    const account = cluster.accountId ? `account ${cluster.accountId}` : 'the main account';
    const what = `getting AWS credentials for ${account} of cluster ${cluster.name} (aws.mainAccount, aws.accounts)`;
    const provider = await withinPolicy(
      credentials.getCredentialProvider(cluster.accountId ? { accountId: cluster.accountId } : {}),
      what,
      policy,
    );
    return new AwsAccount({
      region: cluster.region,
      callPolicy: policy,
      clientConfig: { credentials: boundedCredentials(provider.sdkCredentialProvider, what, policy) },
    });
  };
}
