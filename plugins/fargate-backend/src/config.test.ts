import { ConfigReader } from '@backstage/config';
import { readFargateConfig } from './config';

const read = (fargate: unknown) => readFargateConfig(new ConfigReader({ fargate } as never));

describe('readFargateConfig', () => {
  it('reads clusters and a repository with defaults', () => {
    expect(
      read({ clusters: [{ name: 'prod-eu', region: 'eu-west-1', accountId: '123456789012' }], specs: { url: 'https://github.com/acme/platform.git/' } }),
    ).toEqual({
      clusters: [{ name: 'prod-eu', region: 'eu-west-1', accountId: '123456789012' }],
      specs: { url: 'https://github.com/acme/platform', folder: 'fargate', branch: 'main' },
      cacheTtlMs: 30_000,
    });
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
    });
  });

  it.each([
    [{ clusters: [{ name: 'a', region: 'x' }, { name: 'a', region: 'y' }], specs: { localFolder: 'f' } }, "fargate.clusters: the cluster name 'a' appears twice"],
    [{ clusters: [], specs: { folder: 'fargate' } }, 'fargate.specs: give a repository `url`'],
    [{ clusters: [], specs: { localFolder: 'f', folder: 'a/../../b' } }, "fargate.specs.folder: 'a/../../b' must be a plain path"],
    [{ clusters: [{ name: 'a' }], specs: { localFolder: 'f' } }, "Missing required config value at 'fargate.clusters[0].region'"],
  ])('refuses %j', (fargate, message) => {
    expect(() => read(fargate)).toThrow(message);
  });
});
