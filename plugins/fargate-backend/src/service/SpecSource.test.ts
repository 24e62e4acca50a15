import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DefaultGithubCredentialsProvider, ScmIntegrations } from '@backstage/integration';
import { GithubStandIn } from '../__testUtils__/githubStandIn';
import { memoryCache } from '../__testUtils__/memoryCache';
import { GithubClientFactory, parseGithubRepoUrl } from './github';
import { GithubError } from './githubErrors';
import { ReadCache } from './ReadCache';
import { GithubSpecSource, LocalSpecSource } from './SpecSource';

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
    const factory = new GithubClientFactory(
      integrations,
      DefaultGithubCredentialsProvider.fromIntegrations(integrations),
    );
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
    expect(source.linkTo('fargate/team/b.yml', 3)).toBe(
      'https://github.com/acme/platform/blob/main/fargate/team/b.yml#L3',
    );
  });

  it('says which read failed when GitHub does', async () => {
    github.branches.delete('main');
    const error = await source.readFiles().catch(e => e);
    expect(error).toBeInstanceOf(GithubError);
    expect(error.message).toBe(
      'GitHub: listing the specs of https://github.com/acme/platform@main failed: GitHub answered 404 Not Found; the branch main does not exist in acme/platform (fargate.specs.branch), ' +
        'or the token of the GitHub integration (integrations.github) cannot see the repository (GitHub answers 404 rather than 403 then: it needs `contents: read`)',
    );
  });
});

describe('LocalSpecSource', () => {
  const spec = 'a: 1\n';
  let root: string;
  let cwd: string;
  beforeEach(async () => {
    cwd = process.cwd();
    root = await realpath(await mkdtemp(join(tmpdir(), 'fargate-local-')));
    for (const file of [
      'checkout/examples/specs/native/payments.yaml',
      'checkout/examples/specs/b.yml',
      'copy/specs/team/c.yaml',
    ]) {
      await mkdir(join(root, file, '..'), { recursive: true });
      await writeFile(join(root, file), spec);
    }
    await mkdir(join(root, 'checkout/.git'));
    await mkdir(join(root, 'checkout/plugins/fargate-backend'), { recursive: true });
  });
  afterEach(async () => {
    process.chdir(cwd);
    await rm(root, { recursive: true, force: true });
  });

  const repo = parseGithubRepoUrl('https://github.com/acme/platform');
  const config = (localFolder: string, folder = 'fargate') => ({ localFolder, folder, branch: 'main' });

  it('shows files of a checkout relative to its root, not to the working directory', async () => {
    // As the dev backend runs: from plugins/fargate-backend, with `../../examples/specs`.
    process.chdir(join(root, 'checkout/plugins/fargate-backend'));
    const source = new LocalSpecSource(config('../../examples/specs', 'examples/specs'), repo);
    expect((await source.readFiles()).map(f => f.path)).toEqual([
      'examples/specs/b.yml',
      'examples/specs/native/payments.yaml',
    ]);
    expect(source.linkTo('examples/specs/native/payments.yaml', 3)).toBe(
      'https://github.com/acme/platform/blob/main/examples/specs/native/payments.yaml#L3',
    );
  });

  it('finds the checkout from a worktree’s .git file and through an absolute path', async () => {
    await rm(join(root, 'checkout/.git'), { recursive: true });
    await writeFile(join(root, 'checkout/.git'), 'gitdir: /elsewhere/.git/worktrees/checkout\n');
    const source = new LocalSpecSource(config(join(root, 'checkout/examples/specs/native')));
    expect((await source.readFiles()).map(f => f.path)).toEqual(['examples/specs/native/payments.yaml']);
  });

  it('says when the folder’s place in its checkout is not the configured folder requests write to', async () => {
    const logger = mockServices.logger.mock();
    const source = new LocalSpecSource(config(join(root, 'checkout/examples/specs')), repo, logger);
    await source.readFiles();
    await source.readFiles();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      "fargate.specs.localFolder is 'examples/specs' of its checkout, but fargate.specs.folder is 'fargate': requests write there",
    );
  });

  it('outside a checkout, takes the folder as the repository’s configured folder', async () => {
    const source = new LocalSpecSource(config(join(root, 'copy/specs')), repo);
    expect((await source.readFiles()).map(f => f.path)).toEqual(['fargate/team/c.yaml']);
    expect(source.linkTo('fargate/team/c.yaml', 1)).toBe(
      'https://github.com/acme/platform/blob/main/fargate/team/c.yaml#L1',
    );
  });

  it('outside a checkout and without a repository, shows paths from the folder’s parent, with no links', async () => {
    process.chdir(join(root, 'checkout/plugins'));
    const source = new LocalSpecSource(config('../../copy/specs'));
    expect((await source.readFiles()).map(f => f.path)).toEqual(['specs/team/c.yaml']);
    expect(source.linkTo('specs/team/c.yaml', 1)).toBeUndefined();
  });
});
