/** The signals that cancel a run: Ctrl-C, and what a CI runner sends when a job is cancelled. */
export type CancelSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number: the exit code a shell reports for a process that signal ended. */
export const cancelExitCode: Record<CancelSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export interface Cancellation {
  /** Aborts on the first SIGINT or SIGTERM (its reason names the signal): pass it to apply. */
  readonly signal: AbortSignal;
  /** The signal that cancelled the run, if one did. */
  readonly cause: CancelSignal | undefined;
  /** Removes the handlers (the signals' default actions apply again). */
  dispose(): void;
}

const SIGNALS: CancelSignal[] = ['SIGINT', 'SIGTERM'];

/**
 * Handles SIGINT and SIGTERM alike for the duration of a run: the first one aborts `signal` and calls
 * `onCancel`, so the run stops waiting, saves and reports; a second one gets the signal's default
 * action again (pressing Ctrl-C twice quits at once).
 */
export function listenForCancel(onCancel?: (signal: CancelSignal) => void): Cancellation {
  const controller = new AbortController();
  let cause: CancelSignal | undefined;
  const dispose = () => {
    for (const name of SIGNALS) process.removeListener(name, handler);
  };
  const handler = (name: NodeJS.Signals) => {
    dispose();
    cause = name as CancelSignal;
    onCancel?.(cause);
    controller.abort(new Error(`cancelled by ${cause}`));
  };
  for (const name of SIGNALS) process.on(name, handler);
  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    dispose,
  };
}
