import type { LoggerService, RootConfigService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { AwsAccount } from '@fargatekeeper/core/aws';
import { loadSimulatedAccount } from '@fargatekeeper/core/node';
import type { FargateConfig } from '../config';
import type { FargateAccountFactory } from '../extensions';

/**
 * Clusters are read from the simulated account when `fargate.simulatedAccount` names one (loaded once;
 * its profiles move through CREATING/DELETING on real time), else from AWS with the credentials that
 * `@backstage/integration-aws-node` gives for the cluster's account (`aws.mainAccount`, `aws.accounts[]`).
 */
export async function defaultAccountFactory(options: {
  config: FargateConfig;
  rootConfig: RootConfigService;
  logger: LoggerService;
}): Promise<FargateAccountFactory> {
  const { config, rootConfig, logger } = options;
  if (config.simulatedAccount) {
    const simulated = await loadSimulatedAccount(config.simulatedAccount);
    logger.info(`fargate clusters are read from the simulated account ${config.simulatedAccount}`);
    return () => simulated;
  }
  const credentials = DefaultAwsCredentialsManager.fromConfig(rootConfig);
  return async cluster => {
    const provider = await credentials.getCredentialProvider(cluster.accountId ? { accountId: cluster.accountId } : {});
    return new AwsAccount({ region: cluster.region, clientConfig: { credentials: provider.sdkCredentialProvider } });
  };
}
