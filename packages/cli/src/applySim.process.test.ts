// `apply --sim` as real processes: two at once on one file, SIGKILL and SIGTERM in the middle of a run.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimState } from '@fargatekeeper/core';
import { main } from './main';
import { repoRoot } from './testing/runCli';
import { simAccount, specFiles } from './testing/simWorkload';

const cliDir = join(repoRoot, 'packages/cli');
const bin = join(cliDir, 'bin/fargatekeeper.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require(join(cliDir, 'build.js')) as { ensureBuilt(): Promise<string> };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The bin as a process in `cwd`, its output as it comes, killed if it outlives `limitMs`. */
function start(cwd: string, args: string[], limitMs = 30_000) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '' },
  });
  let stdout = '';
  let stderr = '';
  const watchers: (() => void)[] = [];
  const changed = () => watchers.forEach(w => w());
  child.stdout.on('data', chunk => {
    stdout += chunk;
    changed();
  });
  child.stderr.on('data', chunk => {
    stderr += chunk;
    changed();
  });
  const limit = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const exited = new Promise<Exit>(resolve =>
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    }),
  );
  /** Resolves with the output so far once `pattern` shows in it (stdout or stderr); rejects if the process ends first. */
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const text = stream === 'stdout' ? stdout : stderr;
        if (pattern.test(text)) resolve(text);
      };
      watchers.push(check);
      check();
      void exited.then(e =>
        reject(new Error(`exited (${e.code ?? e.signal}) before ${pattern}:\n${e.stdout}\n${e.stderr}`)),
      );
    });
  return { child, exited, waitFor };
}

const run = (cwd: string, args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30_000,
  });

/** A folder with a simulated account of `clusters` clusters and spec folders (name → files). */
function workspace(clusters: number, folders: Record<string, Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'fk-sim-proc-'));
  writeFileSync(join(dir, 'sim.json'), JSON.stringify(simAccount(clusters), null, 2));
  for (const [folder, files] of Object.entries(folders)) {
    mkdirSync(join(dir, folder));
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, folder, file), text);
  }
  return dir;
}

const readSim = (dir: string): SimState => JSON.parse(readFileSync(join(dir, 'sim.json'), 'utf8')) as SimState;
const profiles = (state: SimState) => state.clusters.flatMap(c => c.profiles);
const specOf = (p: { tags: Record<string, string> }) => p.tags['fargatekeeper.dev/spec'];
const apply = (folder: string, ...extra: string[]) => [
  'apply',
  '--specs',
  folder,
  '--sim',
  'sim.json',
  '--auto-approve',
  ...extra,
];

/** The pid of a process that has exited (and been reaped): nothing runs under it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const dirs: string[] = [];
const fresh = (clusters: number, folders: Record<string, Record<string, string>>) => {
  const dir = workspace(clusters, folders);
  dirs.push(dir);
  return dir;
};

beforeAll(async () => {
  await build.ensureBuilt();
}, 60_000);
afterAll(() => dirs.forEach(dir => rmSync(dir, { recursive: true, force: true })));

describe('two `apply --sim` runs on one file', () => {
  // Two folders, each with its own cluster: a plan deletes the managed profiles of its clusters that no spec of its folder names.
  const teams = () => ({ 'team-a': specFiles(1, 1, 'alpha', 0), 'team-b': specFiles(1, 1, 'beta', 1) });

  it('queue behind the lock, each loading the file only once it holds it: both profiles exist afterwards', async () => {
    const dir = fresh(2, teams());
    // Held by this (live) process, so both runs are waiting before either may read the file.
    writeFileSync(join(dir, 'sim.json.lock'), `${process.pid}\n`);
    const a = start(dir, apply('team-a'));
    const b = start(dir, apply('team-b'));
    const waiting = new RegExp(`sim\\.json is locked by another apply \\(pid ${process.pid}\\); waiting up to 30s`);
    await Promise.all([a.waitFor(waiting, 'stderr'), b.waitFor(waiting, 'stderr')]);
    unlinkSync(join(dir, 'sim.json.lock'));

    const [ra, rb] = await Promise.all([a.exited, b.exited]);
    expect([ra.code, rb.code]).toEqual([0, 0]);
    const specs = profiles(readSim(dir)).map(specOf).sort();
    expect(specs).toEqual(['alpha-c01-0', 'beta-c02-0']);
    expect(
      readSim(dir)
        .roles.map(r => r.tags['fargatekeeper.dev/spec'])
        .sort(),
    ).toEqual(['alpha-c01-0', 'beta-c02-0']);
    // Neither run's plan misses anything, and the lock is gone.
    for (const team of ['team-a', 'team-b'])
      expect(run(dir, ['plan', '--specs', team, '--sim', 'sim.json', '--detailed-exitcode']).status).toBe(0);
    expect(existsSync(join(dir, 'sim.json.lock'))).toBe(false);
  }, 60_000);

  it('started together without waiting: both profiles exist, or the second refused with the holder named', async () => {
    const dir = fresh(2, teams());
    const a = start(dir, apply('team-a', '--lock-wait', '0'));
    const b = start(dir, apply('team-b', '--lock-wait', '0'));
    const results = await Promise.all([a.exited, b.exited]);
    const pids = [a.child.pid, b.child.pid];
    const existing = profiles(readSim(dir)).map(specOf);
    results.forEach((r, i) => {
      const spec = ['alpha-c01-0', 'beta-c02-0'][i]!;
      // Applied (its profile exists), or refused naming the other process (and its profile absent).
      const applied = { code: 0, created: true };
      const refused = {
        code: 1,
        stderr: `error: \`sim.json\` is locked by another apply (pid ${pids[1 - i]})\n`,
        created: false,
      };
      const seen = { code: r.code, created: existing.includes(spec), ...(r.code === 0 ? {} : { stderr: r.stderr }) };
      expect([applied, refused]).toContainEqual(seen);
    });
    expect(results.some(r => r.code === 0)).toBe(true);
  }, 60_000);

  it('refuses at once with --lock-wait 0 while a live process holds the lock, and leaves file and lock alone', () => {
    const dir = fresh(2, teams());
    const before = readFileSync(join(dir, 'sim.json'), 'utf8');
    writeFileSync(join(dir, 'sim.json.lock'), `${process.pid}\n`);
    const r = run(dir, apply('team-a', '--lock-wait', '0'));
    expect(r.stderr).toBe(`error: \`sim.json\` is locked by another apply (pid ${process.pid})\n`);
    expect(r.status).toBe(1);
    expect(readFileSync(join(dir, 'sim.json'), 'utf8')).toBe(before);
    expect(readFileSync(join(dir, 'sim.json.lock'), 'utf8')).toBe(`${process.pid}\n`);
  });

  it('takes over the lock of a process that is gone', () => {
    const dir = fresh(2, teams());
    writeFileSync(join(dir, 'sim.json.lock'), `${deadPid()}\n`);
    const r = run(dir, apply('team-a', '--lock-wait', '0'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(profiles(readSim(dir)).map(specOf)).toEqual(['alpha-c01-0']);
    expect(existsSync(join(dir, 'sim.json.lock'))).toBe(false);
  });
});

describe('a stopped `apply --sim`', () => {
  // Enough work (80 creates, each a role, a profile and a wait) that the run is still going when it is stopped.
  const clusters = 10;
  const perCluster = 8;
  const total = clusters * perCluster;
  /** `✓ create c03/app-c03-1-1a2b3c4d (1m52s)` lines: operations that finished, by profile name. */
  const finished = (stdout: string) => [...stdout.matchAll(/^✓ create c\d+\/(\S+) /gm)].map(m => m[1]!);

  /** Every finished profile is ACTIVE in the file, with its default role there too. */
  function expectInFile(state: SimState, names: string[]) {
    const byName = new Map(profiles(state).map(p => [p.name, p]));
    const roles = new Set(state.roles.map(r => `arn:aws:iam::123456789012:role${r.path ?? '/'}${r.name}`));
    for (const name of names) {
      expect(byName.get(name)?.status).toBe('ACTIVE');
      expect(roles).toContain(byName.get(name)!.podExecutionRoleArn);
    }
  }

  /** A re-run finishes the work, and then there is nothing left to do and no spec has two profiles. */
  function expectRerunConverges(dir: string) {
    const rerun = run(dir, apply('specs'));
    expect(rerun.stderr).toBe('');
    expect(rerun.status).toBe(0);
    expect(run(dir, ['plan', '--specs', 'specs', '--sim', 'sim.json', '--detailed-exitcode']).status).toBe(0);
    const specs = profiles(readSim(dir)).map(specOf);
    expect(specs).toHaveLength(total);
    expect(new Set(specs).size).toBe(total);
    expect(readSim(dir).roles).toHaveLength(total);
    return rerun;
  }

  it('SIGKILL: the file holds every step completed before the kill, and a re-run converges', async () => {
    const dir = fresh(clusters, { specs: specFiles(clusters, perCluster) });
    const p = start(dir, apply('specs'));
    const seen = await p.waitFor(/^✓ create /m);
    p.child.kill('SIGKILL');
    const exit = await p.exited;
    expect(exit.signal).toBe('SIGKILL');

    // Whole JSON (never half a file), holding at least what was reported done before the kill.
    const state = readSim(dir);
    expect(finished(seen).length).toBeGreaterThan(0);
    expectInFile(state, finished(exit.stdout));
    // The kill came in the middle: profiles CREATING or missing are left to the next run.
    expect(profiles(state).filter(pr => pr.status === 'ACTIVE').length).toBeLessThan(total);
    // Its lock stays behind, with a pid that is gone: the next run takes it over.
    expect(readFileSync(join(dir, 'sim.json.lock'), 'utf8')).toBe(`${p.child.pid}\n`);

    expectRerunConverges(dir);
    expect(existsSync(join(dir, 'sim.json.lock'))).toBe(false);
  }, 60_000);

  it('SIGTERM: exits 143 saying what is done and what is not started, with the file saved; a re-run finishes', async () => {
    const dir = fresh(clusters, { specs: specFiles(clusters, perCluster) });
    const p = start(dir, apply('specs'));
    await p.waitFor(/^✓ create /m);
    p.child.kill('SIGTERM');
    const exit = await p.exited;
    expect(exit.signal).toBeNull();
    expect(exit.code).toBe(143);

    const message =
      /^cancelled by SIGTERM: (\d+) done, (?:(\d+) in flight, )?(\d+) not started; run apply again to finish$/m.exec(
        exit.stderr,
      );
    expect(message).not.toBeNull();
    const [done, inFlight, notStarted] = [Number(message![1]), Number(message![2] ?? 0), Number(message![3])];
    expect(done).toBeGreaterThan(0);
    expect(notStarted).toBeGreaterThan(0);
    expect(done + inFlight + notStarted).toBe(total);
    expect(exit.stderr).toContain('SIGTERM: stopping now');

    // Per operation, its state; the ones done are in the saved file, and the lock is released.
    expect(exit.stdout).toContain(`Apply cancelled by SIGTERM: ${done} done, `);
    const rows = [...exit.stdout.matchAll(/^create\s+eu-west-1\/c\d+\s+(\S+)\s+(done|in flight|not started)\b/gm)];
    expect(rows).toHaveLength(total);
    const doneNames = rows.filter(r => r[2] === 'done').map(r => r[1]!);
    expect(doneNames).toHaveLength(done);
    expect(doneNames).toEqual(expect.arrayContaining(finished(exit.stdout)));
    expectInFile(readSim(dir), doneNames);
    expect(existsSync(join(dir, 'sim.json.lock'))).toBe(false);

    // What was not started is created; what was in flight is waited for, or found finished.
    const rerun = expectRerunConverges(dir);
    const succeeded = Number(/^Apply: (\d+) succeeded, 0 failed, 0 skipped/m.exec(rerun.stdout)?.[1]);
    expect(succeeded).toBeGreaterThanOrEqual(notStarted);
    expect(succeeded).toBeLessThanOrEqual(notStarted + inFlight);
  }, 60_000);

  it('SIGINT (in this process) after the first finished operation: exits 130, the file saved and unlocked', async () => {
    const dir = fresh(2, { specs: specFiles(2, 3) });
    let stdout = '';
    let stderr = '';
    const code = await main(
      ['apply', '--specs', join(dir, 'specs'), '--sim', join(dir, 'sim.json'), '--auto-approve'],
      {
        stdout: {
          write: (text: string) => {
            stdout += text;
            // The first finished operation: Ctrl-C, as the terminal would deliver it.
            if (text.startsWith('✓ ') && process.listenerCount('SIGINT') > 0) process.emit('SIGINT', 'SIGINT');
          },
        },
        stderr: { write: (text: string) => (stderr += text) },
        env: {},
      },
    );
    expect(code).toBe(130);
    const message =
      /^cancelled by SIGINT: (\d+) done, (?:(\d+) in flight, )?(\d+) not started; run apply again to finish$/m.exec(
        stderr,
      );
    expect(message).not.toBeNull();
    const [done, inFlight, notStarted] = [Number(message![1]), Number(message![2] ?? 0), Number(message![3])];
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done + inFlight + notStarted).toBe(6);
    expect(stdout).toContain(`Apply cancelled by SIGINT: ${done} done, `);
    expectInFile(readSim(dir), finished(stdout));
    expect(existsSync(join(dir, 'sim.json.lock'))).toBe(false);
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
  });

  it('leaves no temporary files beside the account after a run', () => {
    const dir = fresh(1, { specs: specFiles(1, 2) });
    expect(run(dir, apply('specs')).status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['sim.json', 'specs']);
  });
});
