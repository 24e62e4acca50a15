import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { SimulatedAccount, type SimState } from '@fargatekeeper/core';
import fargatePlugin from '@fargatekeeper/backstage-plugin-fargate-backend';
import { fargateAccountsExtensionPoint } from '@fargatekeeper/backstage-plugin-fargate-node';
import type { SigningKeys } from './signingKeys';

/**
 * One backend of the portal, as a replica's process gets it (JSON in `FARGATE_REPLICA`). Without
 * `redisUrl` and `keys`: a backend alone, with Backstage's memory cache and the auth plugin's own keys.
 */
export interface ReplicaConfig {
  port: number;
  /** Backstage's cache service on this Redis (`backend.cache: { store: redis, connection }`). */
  redisUrl?: string;
  /** The auth plugin's signing keys, the same on every replica, so a user token of one is good on all. */
  keys?: SigningKeys;
  /** The `fargate` section of app-config. */
  fargate: JsonObject;
  /** `integrations` of app-config (the GitHub stand-in). */
  integrations?: JsonObject;
  /** The AWS every replica reads: a simulated account made from the state in `file`, with this latency per call. */
  sim: { file: string; latencyMs?: number };
}

/**
 * A Backstage backend as a production replica runs it: backend-defaults (the real cache service, on
 * Redis; real auth with the guest provider, with static signing keys), the fargate plugin, and AWS
 * through the accounts extension point (a simulated account, alike on every replica).
 */
export async function startReplica(config: ReplicaConfig, state: SimState) {
  const base = `http://127.0.0.1:${config.port}`;
  const sim = SimulatedAccount.fromJSON(state, { latencyMs: config.sim.latencyMs ?? 0 });
  const backend = createBackend();
  backend.add(
    mockServices.rootConfig.factory({
      data: {
        app: { baseUrl: base },
        backend: {
          baseUrl: base,
          listen: { host: '127.0.0.1', port: config.port },
          database: { client: 'better-sqlite3', connection: ':memory:' },
          ...(config.redisUrl ? { cache: { store: 'redis', connection: config.redisUrl } } : {}),
        },
        auth: {
          providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
          ...(config.keys
            ? { keyStore: { provider: 'static', static: { keys: [{ ...config.keys, keyId: 'replicas' }] } } }
            : {}),
        },
        ...(config.integrations ? { integrations: config.integrations } : {}),
        fargate: config.fargate,
      },
    }),
  );
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(fargatePlugin);
  backend.add(
    createBackendModule({
      pluginId: 'fargate',
      moduleId: 'replica-accounts',
      register(env) {
        env.registerInit({
          deps: { accounts: fargateAccountsExtensionPoint },
          init: async ({ accounts }) => accounts.setAccountFactory(() => sim),
        });
      },
    }),
  );
  await backend.start();
  return { backend, sim };
}
