import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { GithubStandIn } from '../__fixtures__/githubStandIn';
import { memoryCache } from '../__fixtures__/memoryCache';
import { GithubClientFactory, GithubError, parseGithubRepoUrl } from './github';
import { ReadCache } from './ReadCache';
import { GithubSpecSource } from './SpecSource';

describe('GithubSpecSource', () => {
  let github: GithubStandIn;
  let source: GithubSpecSource;
  beforeEach(async () => {
    github = await new GithubStandIn('acme', 'platform', {
      'fargate/a.yaml': 'a: 1\n',
      'fargate/team/b.yml': 'b: 2\n',
      'fargate/README.md': '# not a spec\n',
      'other/c.yaml': 'c: 3\n',
      'fargate-old/d.yaml': 'd: 4\n',
    }).start();
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({ integrations: { github: [{ host: 'github.com', apiBaseUrl: github.url, token: 't' }] } }),
    );
    const factory = new GithubClientFactory(integrations, DefaultGithubCredentialsProvider.fromIntegrations(integrations));
    source = new GithubSpecSource(
      { folder: 'fargate', branch: 'main' },
      parseGithubRepoUrl('https://github.com/acme/platform'),
      factory,
      new ReadCache(memoryCache(), 60_000),
    );
  });
  afterEach(() => github.stop());

  it('reads the YAML files under the folder only, through the tree and the blobs', async () => {
    expect(await source.readFiles()).toEqual([
      { path: 'fargate/a.yaml', content: 'a: 1\n' },
      { path: 'fargate/team/b.yml', content: 'b: 2\n' },
    ]);
    expect(github.callsTo('GET', /\/git\/trees\/main$/)).toHaveLength(1);
    expect(github.callsTo('GET', /\/git\/blobs\//)).toHaveLength(2);
    // From the cache the second time.
    await source.readFiles();
    expect(github.calls).toHaveLength(3);
  });

  it('links to a line on the branch', () => {
    expect(source.linkTo('fargate/team/b.yml', 3)).toBe('https://github.com/acme/platform/blob/main/fargate/team/b.yml#L3');
  });

  it('says which read failed when GitHub does', async () => {
    github.branches.delete('main');
    const error = await source.readFiles().catch(e => e);
    expect(error).toBeInstanceOf(GithubError);
    expect(error.message).toBe('GitHub could not list the specs of https://github.com/acme/platform@main (404): Not Found');
  });
});
