import { ApplyAbortedError } from './errors';
import type { ApplyResult } from './types';

/** How long a cancelled apply may take to stop before front doors report it as it stands. */
export const CANCEL_GRACE_MS = 1_000;

/**
 * Awaits a running apply. Once `signal` aborts, it gives the apply at most `graceMs` more to stop (so
 * calls that answer at once are recorded), then resolves undefined: a call in flight may take as long
 * as its timeout, and a cancelled run must stop waiting at once (AWS goes on with what it accepted).
 * Resolves the result when the apply finished anyway; other rejections pass through.
 */
export async function resultOrCancelled(
  running: Promise<ApplyResult>,
  signal: AbortSignal | undefined,
  graceMs = CANCEL_GRACE_MS,
): Promise<ApplyResult | undefined> {
  // A rejection after we stopped waiting is expected, not unhandled.
  running.catch(() => undefined);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let startGrace = () => {};
  const gaveUp = new Promise<undefined>(resolve => {
    startGrace = () => {
      timer = setTimeout(resolve, graceMs, undefined);
    };
  });
  if (signal?.aborted) startGrace();
  else signal?.addEventListener('abort', startGrace, { once: true });
  try {
    return await Promise.race([running, gaveUp]);
  } catch (error) {
    if (error instanceof ApplyAbortedError) return undefined;
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', startGrace);
  }
}
