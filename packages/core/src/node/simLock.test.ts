import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockSimulatedAccount, SimFileLockedError } from './simLock';

const file = () => join(mkdtempSync(join(tmpdir(), 'fk-lock-')), 'sim.json');
/** A live process other than this one: the parent (jest's). */
const otherLivePid = process.ppid;
function deadPid(): number {
  return Number(
    spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout,
  );
}

describe('lockSimulatedAccount', () => {
  it('creates `<file>.lock` holding the pid, and removes it on release (once)', async () => {
    const sim = file();
    const lock = await lockSimulatedAccount(sim, { waitMs: 0 });
    expect(lock.path).toBe(`${sim}.lock`);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
    expect(() => lock.release()).not.toThrow();
    // Free again for the next run.
    (await lockSimulatedAccount(sim, { waitMs: 0 })).release();
  });

  it('refuses with the holder named when a live process keeps it past the wait', async () => {
    const sim = file();
    writeFileSync(`${sim}.lock`, `${otherLivePid}\n`);
    const started = Date.now();
    const refused = lockSimulatedAccount(sim, { waitMs: 200, pollMs: 20 });
    await expect(refused).rejects.toThrow(new SimFileLockedError(sim, otherLivePid));
    await expect(refused).rejects.toThrow(`\`${sim}\` is locked by another apply (pid ${otherLivePid})`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(readFileSync(`${sim}.lock`, 'utf8')).toBe(`${otherLivePid}\n`);
  });

  it('waits for a live holder and takes the lock once it lets go, saying once that it waits', async () => {
    const sim = file();
    const holder = await lockSimulatedAccount(sim, { waitMs: 0 });
    const waits: number[] = [];
    const next = lockSimulatedAccount(sim, { waitMs: 5_000, pollMs: 10, onWait: pid => waits.push(pid) });
    setTimeout(() => holder.release(), 100);
    const lock = await next;
    expect(waits).toEqual([process.pid]);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
  });

  it('takes over the lock of a process that is gone, and of one that died before writing its pid', async () => {
    const sim = file();
    writeFileSync(`${sim}.lock`, `${deadPid()}\n`);
    const lock = await lockSimulatedAccount(sim, { waitMs: 0 });
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();

    writeFileSync(`${sim}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${sim}.lock`, old, old);
    (await lockSimulatedAccount(sim, { waitMs: 0 })).release();
    expect(existsSync(`${sim}.takeover`)).toBe(false);
  });

  it('never removes a lock another run holds by the time it lets go', async () => {
    const sim = file();
    const lock = await lockSimulatedAccount(sim, { waitMs: 0 });
    writeFileSync(lock.path, `${otherLivePid}\n`);
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(`${otherLivePid}\n`);
  });

  it('stops waiting when the run is cancelled', async () => {
    const sim = file();
    writeFileSync(`${sim}.lock`, `${otherLivePid}\n`);
    const controller = new AbortController();
    const reason = new Error('cancelled by SIGTERM');
    setTimeout(() => controller.abort(reason), 50);
    await expect(lockSimulatedAccount(sim, { waitMs: 60_000, signal: controller.signal })).rejects.toBe(reason);
  });
});
