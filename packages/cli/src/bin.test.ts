import { spawnSync } from 'node:child_process';
import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { examples, repoRoot } from './testing/runCli';
import { version } from './version';

const cliDir = join(repoRoot, 'packages/cli');
const bin = join(cliDir, 'bin/fargatekeeper.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(join(cliDir, 'build.js')) as {
  isStale(): boolean;
  ensureBuilt(): Promise<string>;
  outfile: string;
};

const spawnBin = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 60_000,
  });

describe('bin/fargatekeeper.js (the real process)', () => {
  beforeAll(async () => {
    await build.ensureBuilt();
  }, 60_000);

  it('prints the version', () => {
    const r = spawnBin(['--version']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.status).toBe(0);
  });

  it("plans the examples like `npm run demo`, and exits with the command's code", () => {
    const args = ['plan', '--specs', examples.specs, '--sim', examples.sim, '--cluster', 'staging'];
    const r = spawnBin(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Plan: 3 to create, 1 to replace, 1 to delete, 2 to retag, 2 to adopt/);
    expect(r.status).toBe(0);
    expect(spawnBin([...args, '--detailed-exitcode']).status).toBe(2);
    expect(spawnBin(['plan', '--nope']).status).toBe(1);
  });

  it('refuses Node versions older than 20 with a clear message', () => {
    const r = spawnSync(
      process.execPath,
      ['-e', `Object.defineProperty(process.versions, 'node', { value: '18.19.0' }); require(${JSON.stringify(bin)})`],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'fargatekeeper needs Node 20 or later (Node 24 is the supported runtime); this is Node 18.19.0.',
    );
  });

  it('rebuilds the bundle when it is older than the sources', async () => {
    await build.ensureBuilt();
    expect(build.isStale()).toBe(false);
    const old = new Date(Date.now() - 365 * 24 * 3600 * 1000);
    utimesSync(build.outfile, old, old);
    expect(build.isStale()).toBe(true);
    await build.ensureBuilt();
    expect(build.isStale()).toBe(false);
    expect(statSync(build.outfile).mtimeMs).toBeGreaterThan(old.getTime());
  }, 60_000);
});
