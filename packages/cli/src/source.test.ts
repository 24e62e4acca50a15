import { resolve, sep } from 'node:path';
import { detectSource, repositoryOf, type GitRunner } from './source';
import { runCli, tempFiles } from './testing/runCli';

describe('repositoryOf', () => {
  it.each([
    ['https://github.com/acme/infra.git', 'acme/infra'],
    ['https://github.com/acme/infra', 'acme/infra'],
    ['https://x-access-token:abc@github.example.com/acme/infra.git', 'acme/infra'],
    ['git@github.com:acme/infra.git', 'acme/infra'],
    ['ssh://git@github.com/acme/infra.git', 'acme/infra'],
    ['ssh://git@gitlab.example.com:2222/group/sub/infra.git', 'sub/infra'],
  ])('reads %s as %s', (url, repo) => expect(repositoryOf(url)).toBe(repo));

  it('gives nothing for a URL without an owner and a name', () => {
    expect(repositoryOf('/srv/git/infra')).toBeUndefined();
    expect(repositoryOf('https://github.com/infra')).toBeUndefined();
  });
});

describe('detectSource', () => {
  /** A git that knows one checkout at `top` with `origin` (or none). */
  const fakeGit =
    (top: string | undefined, origin?: string): GitRunner =>
    args =>
      args[0] === 'rev-parse' ? top : args[0] === 'config' ? origin : undefined;
  const here = process.cwd();

  it('is OWNER/REPO:FOLDER from origin and the folder inside the checkout, just OWNER/REPO at its root', () => {
    expect(detectSource('teams/a', fakeGit(here, 'git@github.com:acme/infra.git'))).toBe('acme/infra:teams/a');
    expect(detectSource('.', fakeGit(here, 'https://github.com/acme/infra.git'))).toBe('acme/infra');
  });

  it("is the folder inside the checkout without origin, and the folder's absolute path outside git (the same from any directory)", () => {
    expect(detectSource('teams/a', fakeGit(here))).toBe('teams/a');
    expect(detectSource('teams/a/', fakeGit(undefined))).toBe(resolve('teams/a').split(sep).join('/'));
  });
});

describe('--source and --target', () => {
  const files = () =>
    tempFiles({
      'a.yaml':
        'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: a\nspec:\n  cluster: prod-eu\n  subnets: [subnet-0a11]\n  selectors:\n    - namespace: a\n',
    });

  it('refuses a source that cannot be a tag value and a target that cannot name anything, naming the option', async () => {
    const f = files();
    try {
      const source = await runCli([
        'plan',
        '--specs',
        f.dir,
        '--sim',
        'examples/sim-account.json',
        '--source',
        'acme/infra#1',
      ]);
      expect(source.code).toBe(1);
      expect(source.stderr).toContain('--source may hold only letters');
      const target = await runCli([
        'plan',
        '--specs',
        f.dir,
        '--sim',
        'examples/sim-account.json',
        '--target',
        'prod eu',
      ]);
      expect(target.code).toBe(1);
      expect(target.stderr).toContain('--target may hold only letters, digits');
    } finally {
      f.cleanup();
    }
  });
});
