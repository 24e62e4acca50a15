import type { Clock } from '../../clock';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export interface VirtualClockOptions {
  /** Start time in ms since the epoch (default 2026-01-01T00:00:00Z, so runs are reproducible). */
  start?: number;
  /**
   * Jump to the earliest pending timer whenever nothing else can run (default true).
   * With `false` only {@link VirtualClock.advance} moves time.
   */
  autoAdvance?: boolean;
}

/** Runs `fn` after every queued microtask (and, in Node, after pending I/O callbacks). */
const afterIdle: (fn: () => void) => void =
  typeof globalThis.setImmediate === 'function'
    ? fn => {
        globalThis.setImmediate(fn);
      }
    : fn => {
        setTimeout(fn, 0);
      };

export const VIRTUAL_CLOCK_EPOCH = Date.UTC(2026, 0, 1);

/**
 * A clock for tests and benchmarks: time stands still while any task can run and jumps to the
 * earliest pending `sleep` once every task waits. A minute-long apply across parallel clusters
 * thus finishes in milliseconds, and always the same way (timers with the same deadline fire
 * in the order they were set).
 *
 * The idle check is a macrotask (setImmediate where it exists, else setTimeout 0): a macrotask
 * only runs once the microtask queue is empty, i.e. when every promise chain is parked on a timer.
 * Code awaiting real I/O meanwhile does not hold virtual time back; keep such I/O out of the
 * simulated path or use `autoAdvance: false` and {@link advance}.
 */
export class VirtualClock implements Clock {
  private current: number;
  private readonly timers: Timer[] = [];
  private seq = 0;
  private checkScheduled = false;
  private readonly autoAdvance: boolean;

  constructor(options: VirtualClockOptions = {}) {
    this.current = options.start ?? VIRTUAL_CLOCK_EPOCH;
    this.autoAdvance = options.autoAdvance ?? true;
  }

  now(): number {
    return this.current;
  }

  /** Number of sleeps not yet woken. */
  get pending(): number {
    return this.timers.length;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const at = this.current + Math.max(0, Number.isFinite(ms) ? ms : 0);
    return new Promise<void>(resolve => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at, seq: this.seq++, resolve: () => {} };
      const onAbort = () => {
        // Woken early: drop the timer so it neither moves time nor fires later.
        const index = this.timers.indexOf(timer);
        if (index >= 0) this.timers.splice(index, 1);
        resolve();
      };
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.insert(timer);
      this.scheduleCheck();
    });
  }

  /** Moves time forward by `ms`, waking every sleep whose deadline is reached, in deadline order. */
  async advance(ms: number): Promise<void> {
    const target = this.current + Math.max(0, ms);
    for (;;) {
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.fireEarliest();
      // Let the woken tasks run (and maybe sleep again) before looking at the next deadline.
      await new Promise<void>(resolve => afterIdle(resolve));
    }
    this.current = Math.max(this.current, target);
  }

  private insert(timer: Timer): void {
    // Binary search: timers stay sorted by (at, seq), so firing order is deterministic.
    let lo = 0;
    let hi = this.timers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const t = this.timers[mid]!;
      if (t.at < timer.at || (t.at === timer.at && t.seq < timer.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.timers.splice(lo, 0, timer);
  }

  private scheduleCheck(): void {
    if (!this.autoAdvance || this.checkScheduled) return;
    this.checkScheduled = true;
    afterIdle(() => {
      this.checkScheduled = false;
      if (this.timers.length === 0) return;
      this.fireEarliest();
      if (this.timers.length > 0) this.scheduleCheck();
    });
  }

  /** Wakes every timer sharing the earliest deadline (they would fire "at once" in real time). */
  private fireEarliest(): void {
    const first = this.timers[0];
    if (!first) return;
    this.current = Math.max(this.current, first.at);
    let count = 0;
    while (count < this.timers.length && this.timers[count]!.at === first.at) count++;
    for (const timer of this.timers.splice(0, count)) timer.resolve();
  }
}
