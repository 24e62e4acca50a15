import { ConfigReader } from '@backstage/config';
import { readFargateConfig } from './config';

const read = (fargate: unknown) => readFargateConfig(new ConfigReader({ fargate } as never));

describe('readFargateConfig', () => {
  it('reads clusters and a repository with defaults', () => {
    expect(
      read({
        clusters: [{ name: 'prod-eu', region: 'eu-west-1', accountId: '123456789012' }],
        specs: { url: 'https://github.com/acme/platform.git/' },
      }),
    ).toEqual({
      clusters: [{ name: 'prod-eu', region: 'eu-west-1', accountId: '123456789012' }],
      specs: { url: 'https://github.com/acme/platform', folder: 'fargate', branch: 'main' },
      cacheTtlMs: 30_000,
      callPolicy: { timeoutMs: 30_000, attempts: 3 },
      ownerTag: 'owner',
      rateLimit: { max: 30, windowMs: 60_000 },
    });
  });

  it('reads the owner tag and the rate limit of requests', () => {
    const config = read({
      clusters: [],
      specs: { localFolder: 'f' },
      ownerTag: 'team',
      requests: { rateLimit: { max: 5, window: '10s' } },
    });
    expect(config).toMatchObject({ ownerTag: 'team', rateLimit: { max: 5, windowMs: 10_000 } });
  });

  it('reads a local folder, a simulated account and a TTL', () => {
    expect(
      read({
        clusters: [],
        specs: { localFolder: 'examples/specs', folder: '/specs/', defaultCluster: 'staging' },
        simulatedAccount: 'examples/sim-account.json',
        cacheTtlSeconds: 5,
      }),
    ).toEqual({
      clusters: [],
      specs: { folder: 'specs', branch: 'main', localFolder: 'examples/specs', defaultCluster: 'staging' },
      simulatedAccount: 'examples/sim-account.json',
      cacheTtlMs: 5000,
      callPolicy: { timeoutMs: 30_000, attempts: 3 },
      ownerTag: 'owner',
      rateLimit: { max: 30, windowMs: 60_000 },
    });
  });

  it.each([
    [
      { timeout: '300ms', attempts: 2 },
      { timeoutMs: 300, attempts: 2 },
    ],
    [{ timeout: 'PT1M' }, { timeoutMs: 60_000, attempts: 3 }],
    [{ timeout: { seconds: 10 } }, { timeoutMs: 10_000, attempts: 3 }],
    [{ attempts: 1 }, { timeoutMs: 30_000, attempts: 1 }],
  ])('reads the call policy of fargate.calls %j', (calls, callPolicy) => {
    expect(read({ clusters: [], specs: { localFolder: 'f' }, calls }).callPolicy).toEqual(callPolicy);
  });

  it.each([
    [
      {
        clusters: [
          { name: 'a', region: 'x' },
          { name: 'a', region: 'y' },
        ],
        specs: { localFolder: 'f' },
      },
      "fargate.clusters: the cluster name 'a' appears twice",
    ],
    [{ clusters: [], specs: { folder: 'fargate' } }, 'fargate.specs: give a repository `url`'],
    [
      { clusters: [], specs: { localFolder: 'f', folder: 'a/../../b' } },
      "fargate.specs.folder: 'a/../../b' must be a plain path",
    ],
    [
      { clusters: [{ name: 'a' }], specs: { localFolder: 'f' } },
      "Missing required config value at 'fargate.clusters[0].region'",
    ],
    [
      { clusters: [], specs: { localFolder: 'f' }, calls: { timeout: 'soon' } },
      "fargate.calls.timeout: give a duration such as '30s', 'PT30S' or { seconds: 30 } (Invalid duration 'soon'",
    ],
    [
      { clusters: [], specs: { localFolder: 'f' }, calls: { timeout: '0s' } },
      'fargate.calls.timeout: must be longer than 0 (got 0 ms)',
    ],
    [
      { clusters: [], specs: { localFolder: 'f' }, calls: { attempts: 0 } },
      'fargate.calls.attempts: must be a whole number of at least 1 (got 0)',
    ],
    [
      { clusters: [], specs: { localFolder: 'f' }, requests: { rateLimit: { max: 0 } } },
      'fargate.requests.rateLimit.max: must be a whole number of at least 1 (got 0)',
    ],
    [
      { clusters: [], specs: { localFolder: 'f' }, requests: { rateLimit: { window: 'often' } } },
      "fargate.requests.rateLimit.window: give a duration such as '1m'",
    ],
  ])('refuses %j', (fargate, message) => {
    expect(() => read(fargate)).toThrow(message);
  });
});
