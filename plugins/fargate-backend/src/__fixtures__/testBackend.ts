import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SimulatedAccount } from '@fargatekeeper/core';
import { fargateAccountsExtensionPoint, type FargateAccountFactory } from '../extensions';
import { fargatePlugin } from '../plugin';
import { GithubStandIn } from './githubStandIn';
import { SPEC_FILES, simState } from './world';

export interface TestBackendOptions {
  /** The answer to every permission check (default: the permission framework is off, all allowed). */
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Permissions denied by name, all others allowed. */
  deny?: string[];
  /** Extra `fargate` config merged over the defaults. */
  fargate?: Record<string, unknown>;
  specFiles?: Record<string, string>;
  sim?: SimulatedAccount;
  /** Replaces the default (every cluster read from `sim`). */
  accountFactory?: FargateAccountFactory;
}

/**
 * The plugin in a test backend: clusters read from an in-memory simulated account (through the
 * accounts extension point, so tests can count its calls), specs and pull requests on a GitHub stand-in.
 */
export async function startFargateTestBackend(options: TestBackendOptions = {}) {
  const github = await new GithubStandIn('acme', 'fargate-specs', options.specFiles ?? SPEC_FILES).start();
  const sim = options.sim ?? SimulatedAccount.fromJSON(simState());
  const simulatedAccounts = createBackendModule({
    pluginId: 'fargate',
    moduleId: 'test-accounts',
    register(env) {
      env.registerInit({
        deps: { accounts: fargateAccountsExtensionPoint },
        async init({ accounts }) {
          accounts.setAccountFactory(options.accountFactory ?? (() => sim));
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      fargatePlugin,
      simulatedAccounts,
      mockServices.rootConfig.factory({
        data: {
          integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 'test-token' }] },
          fargate: {
            clusters: [
              { name: 'prod-eu', region: 'eu-west-1' },
              { name: 'staging', region: 'eu-west-1' },
              { name: 'gone', region: 'eu-west-1' },
            ],
            specs: { url: 'https://github.com/acme/fargate-specs', folder: 'fargate', branch: 'main' },
            ...options.fargate,
          },
        },
      }),
      ...(options.permission ? [mockServices.permissions.factory({ result: options.permission })] : []),
      ...(options.deny ? [denyByName(options.deny)] : []),
    ],
  });
  return {
    server: backend.server,
    github,
    sim,
    async stop() {
      await backend.stop();
      await github.stop();
    },
  };
}

function denyByName(denied: string[]) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({ result: denied.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
  }).factory;
}
