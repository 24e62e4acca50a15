/**
 * Time as the engine sees it. Apply waits and backs off through a Clock, so tests drive a virtual
 * clock (the simulated account's) and finish in milliseconds while production uses real time.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};
