import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { systemClock } from '../clock';
import { SimFileError } from './simFile';

/** Another live process holds the simulated account file's lock (and did not let go in time). */
export class SimFileLockedError extends Error {
  constructor(
    readonly file: string,
    readonly pid: number,
  ) {
    super(`\`${file}\` is locked by another apply (pid ${pid})`);
    this.name = 'SimFileLockedError';
  }
}

/** How long a run waits for another apply of the same file by default before refusing. */
export const DEFAULT_SIM_LOCK_WAIT_MS = 30_000;

export interface SimLockOptions {
  /** How long to wait for another apply's lock before refusing; 0 refuses at once. */
  waitMs: number;
  /** Called once, when the run starts waiting for a live holder. */
  onWait?: (pid: number) => void;
  /** Time between two looks at the lock (default 100 ms). */
  pollMs?: number;
  /** Stops waiting (a cancelled run): rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SimLock {
  /** The lock file: `<file>.lock`, holding the holder's pid. */
  readonly path: string;
  /** Lets go of the lock; idempotent, synchronous (it also runs when the process exits). */
  release(): void;
}

/** A lock file still empty this long after it was made belongs to a process that died making it. */
const UNWRITTEN_STALE_MS = 5_000;

type Holder =
  | { kind: 'none' }
  | { kind: 'live'; pid: number; content: string }
  | { kind: 'stale'; content: string }
  /** Made a moment ago and not yet written: its maker is alive (or the age rule makes it stale). */
  | { kind: 'unwritten' };

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | undefined)?.code;

/** `process.kill(pid, 0)` sends nothing: it throws ESRCH when no such process exists (EPERM: it exists, not ours). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return code(error) !== 'ESRCH';
  }
}

/** Creates `path` exclusively (O_EXCL) with this process's pid in it; false when it exists already. */
function create(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if (code(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

function holderOf(path: string): Holder {
  let content: string;
  let ageMs: number;
  try {
    content = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch (error) {
    if (code(error) === 'ENOENT') return { kind: 'none' };
    throw error;
  }
  const pid = /^\s*(\d+)\s*$/.test(content) ? Number(content) : 0;
  if (pid > 0) return alive(pid) ? { kind: 'live', pid, content } : { kind: 'stale', content };
  return ageMs > UNWRITTEN_STALE_MS ? { kind: 'stale', content } : { kind: 'unwritten' };
}

/**
 * Removes a dead holder's lock. Two runs may find the same stale lock: the removal is guarded by a
 * second O_EXCL file, and made only if the lock still holds what was found dead, so one run cannot
 * remove the fresh lock the other has just made. Returns false when another run is taking over.
 */
function takeOver(path: string, deadContent: string): boolean {
  const guard = `${path}.takeover`;
  if (!create(guard)) {
    const holder = holderOf(guard);
    // The guard is held for microseconds: one left behind is from a run killed right then.
    if (holder.kind === 'stale') unlinkQuietly(guard);
    return false;
  }
  try {
    const current = holderOf(path);
    if (current.kind === 'stale' && current.content === deadContent) unlinkQuietly(path);
  } finally {
    unlinkQuietly(guard);
  }
  return true;
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (code(error) !== 'ENOENT') throw error;
  }
}

const sleep = (ms: number, signal: AbortSignal | undefined) => systemClock.sleep(ms, signal);

/**
 * Takes the lock of a simulated account file for a run that writes it (apply): `<file>.lock`,
 * created with O_EXCL and holding the pid. Take it before loading the file and release it after the
 * last save, so two applies never both start from the same state (the second would overwrite the
 * first's changes). A lock whose process is gone is taken over; a live one is waited for up to
 * `waitMs`, then refused with {@link SimFileLockedError}.
 */
export async function lockSimulatedAccount(file: string, options: SimLockOptions): Promise<SimLock> {
  const path = `${file}.lock`;
  const deadline = Date.now() + Math.max(0, options.waitMs);
  const pollMs = options.pollMs ?? 100;
  let announced = false;
  for (;;) {
    options.signal?.throwIfAborted();
    let holder: Holder;
    try {
      if (create(path)) return held(path);
      holder = holderOf(path);
      if (holder.kind === 'stale' && takeOver(path, holder.content)) continue;
    } catch (error) {
      throw new SimFileError(file, `cannot lock the simulated account (${path}): ${(error as Error).message}`);
    }
    if (holder.kind === 'none') continue;
    if (holder.kind === 'live') {
      if (Date.now() >= deadline) throw new SimFileLockedError(file, holder.pid);
      if (!announced) options.onWait?.(holder.pid);
      announced = true;
    }
    await sleep(holder.kind === 'live' ? Math.min(pollMs, Math.max(1, deadline - Date.now())) : 10, options.signal);
  }
}

function held(path: string): SimLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      // Only our own lock: never remove one another run made.
      const holder = holderOf(path);
      if (holder.kind === 'live' && holder.pid === process.pid) unlinkQuietly(path);
    } catch {
      // Runs in `finally` blocks and on exit: a lock that cannot be removed goes stale and is taken over.
    }
  };
  // A process.exit() on the way out still lets go (a signal's default action or SIGKILL cannot: those locks go stale).
  process.once('exit', release);
  return { path, release };
}
