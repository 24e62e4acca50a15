import { createBackendModule, type BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult, type AuthorizePermissionRequest } from '@backstage/plugin-permission-common';
import { SimulatedAccount } from '@fargatekeeper/core';
import {
  fargateAccountsExtensionPoint,
  fargateClientServiceRef,
  type FargateAccountFactory,
  type FargateClientService,
} from '@fargatekeeper/backstage-plugin-fargate-node';
import { destroyedOnShutdownDatabaseServiceFactory } from './databaseService';
import { fargatePlugin } from '../plugin';
import { GithubStandIn } from './githubStandIn';
import { SPEC_FILES, simState } from './world';

export interface TestBackendOptions {
  /** The answer to every permission check (default: the permission framework is off, all allowed). */
  permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** Permissions denied by name, all others allowed. */
  deny?: string[];
  /** Decides each permission request (its resourceRef included); overrides `permission` and `deny`. */
  authorize?: (request: AuthorizePermissionRequest) => AuthorizeResult.ALLOW | AuthorizeResult.DENY;
  /** A GitHub stand-in to share (several backends on one repository); else one of its own, stopped with it. */
  github?: GithubStandIn;
  /** Extra `fargate` config merged over the defaults. */
  fargate?: Record<string, unknown>;
  specFiles?: Record<string, string>;
  sim?: SimulatedAccount;
  /** Replaces the default (every cluster read from `sim`). */
  accountFactory?: FargateAccountFactory;
  /** More plugins and modules in the same backend (the scaffolder and catalog modules' tests). */
  features?: BackendFeature[];
  /** More root config beside `fargate` and `integrations` (e.g. `catalog`). */
  config?: Record<string, unknown>;
}

/**
 * The plugin in a test backend: clusters read from an in-memory simulated account (through the
 * accounts extension point, so tests can count its calls), specs and pull requests on a GitHub stand-in.
 */
export async function startFargateTestBackend(options: TestBackendOptions = {}) {
  const github =
    options.github ?? (await new GithubStandIn('acme', 'fargate-specs', options.specFiles ?? SPEC_FILES).start());
  const sim = options.sim ?? SimulatedAccount.fromJSON(simState());
  // The test's hooks into the plugin: every cluster read from `sim` (through the accounts extension
  // point), and the client service kept as other plugins' modules get it (the scaffolder action, the
  // entity provider).
  let client: FargateClientService | undefined;
  const testHooks = createBackendModule({
    pluginId: 'fargate',
    moduleId: 'test-hooks',
    register(env) {
      env.registerInit({
        deps: { accounts: fargateAccountsExtensionPoint, fargate: fargateClientServiceRef },
        async init({ accounts, fargate }) {
          accounts.setAccountFactory(options.accountFactory ?? (() => sim));
          client = fargate;
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      fargatePlugin,
      testHooks,
      // Closes the plugins' SQLite databases when the backend stops, so that jest can exit.
      destroyedOnShutdownDatabaseServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          ...options.config,
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
      ...permissionFeatures(options),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    github,
    sim,
    /** The fargate client service over HTTP, as another plugin's module gets it. */
    client: client!,
    async stop() {
      await backend.stop();
      if (!options.github) await github.stop();
    },
  };
}

export type FargateTestBackend = Awaited<ReturnType<typeof startFargateTestBackend>>;

/** Runs `test` on a backend of its own, which is stopped afterwards whether the test passes or not. */
export async function withFargateTestBackend<T>(
  options: TestBackendOptions,
  test: (backend: FargateTestBackend) => Promise<T>,
): Promise<T> {
  const backend = await startFargateTestBackend(options);
  try {
    return await test(backend);
  } finally {
    await backend.stop();
  }
}

function permissionFeatures(options: TestBackendOptions) {
  const { authorize, deny, permission } = options;
  if (authorize)
    return [
      mockServices.permissions.mock({ authorize: async requests => requests.map(r => ({ result: authorize(r) })) })
        .factory,
    ];
  if (deny)
    return [
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => ({
            result: deny.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
          })),
      }).factory,
    ];
  return permission ? [mockServices.permissions.factory({ result: permission })] : [];
}
