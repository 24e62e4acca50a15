/** A call as the benches' recording proxies log it: when it started and ended (performance.now()). */
export interface TimedCall {
  start: number;
  end: number;
}

/** The most calls that were in flight at once (a call ending at the instant another starts does not overlap it). */
export function maxInFlight(calls: readonly TimedCall[]): number {
  const edges = calls
    .flatMap(
      c =>
        [
          [c.start, 1],
          [c.end, -1],
        ] as const,
    )
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let inFlight = 0;
  let most = 0;
  for (const [, delta] of edges) most = Math.max(most, (inFlight += delta));
  return most;
}
