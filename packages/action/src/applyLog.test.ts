import type { ApplyEvent, ApplyResult } from '@fargatekeeper/core';
import { operations } from './__fixtures__/operations';
import { ApplyLog, formatDuration } from './applyLog';

const operation = operations.replace;
const t0 = Date.UTC(2026, 10, 21, 10);

function logOf(events: ApplyEvent[]) {
  const lines: string[] = [];
  const log = new ApplyLog({
    info: l => lines.push(`info ${l}`),
    warning: l => lines.push(`warning ${l}`),
    error: l => lines.push(`error ${l}`),
  });
  events.forEach(log.onEvent);
  return lines;
}

describe('ApplyLog', () => {
  it('writes one line per step, stamped with the time since the apply started', () => {
    const result = { summary: { succeeded: 0, failed: 1, skipped: 0 }, durationMs: 905_000 } as ApplyResult;
    expect(
      logOf([
        { type: 'apply-started', at: t0, clusters: 1, operations: 1, plan: result.plan },
        { type: 'operation-started', at: t0, operation },
        { type: 'step-started', at: t0, operation, step: 'create-profile', target: 'payments-jobs-2b' },
        {
          type: 'step-done',
          at: t0 + 1000,
          operation,
          step: 'create-profile',
          target: 'payments-jobs-2b',
          durationMs: 1000,
        },
        {
          type: 'waiting',
          at: t0 + 1000,
          operation,
          step: 'wait-active',
          target: 'ACTIVE',
          status: 'unknown',
          elapsedMs: 0,
          etaMs: 120_000,
        },
        {
          type: 'waiting',
          at: t0 + 46_000,
          operation,
          step: 'wait-active',
          target: 'ACTIVE',
          status: 'CREATING',
          elapsedMs: 45_000,
          etaMs: 75_000,
        },
        {
          type: 'retried',
          at: t0 + 50_000,
          operation,
          step: 'delete-profile',
          errorName: 'ResourceInUseException',
          message: 'busy',
          attempt: 2,
          delayMs: 1500,
        },
        {
          type: 'waiting',
          at: t0 + 900_000,
          operation,
          step: 'wait-active',
          target: 'ACTIVE',
          status: 'CREATING',
          elapsedMs: 899_000,
          etaMs: 0,
        },
        {
          type: 'operation-failed',
          at: t0 + 905_000,
          operation,
          durationMs: 905_000,
          errors: ['timed out after 15:00 waiting for ACTIVE'],
        },
        { type: 'apply-done', at: t0 + 905_000, result },
      ]),
    ).toEqual([
      'info [+0:00] Applying 1 operation in 1 cluster',
      'info [+0:00] prod-eu replace payments-jobs-1a → payments-jobs-2b: started',
      'info [+0:00] prod-eu replace payments-jobs-1a → payments-jobs-2b: creating profile payments-jobs-2b',
      'info [+0:01] prod-eu replace payments-jobs-1a → payments-jobs-2b: waiting for ACTIVE (0:00 so far, about 2:00 left)',
      'info [+0:46] prod-eu replace payments-jobs-1a → payments-jobs-2b: waiting for ACTIVE (CREATING, 0:45 so far, about 1:15 left)',
      'info [+0:50] prod-eu replace payments-jobs-1a → payments-jobs-2b: ResourceInUseException (busy); retry 2 in 1.5 s',
      'info [+15:00] prod-eu replace payments-jobs-1a → payments-jobs-2b: waiting for ACTIVE (CREATING, 14:59 so far, overdue)',
      'error [+15:05] prod-eu replace payments-jobs-1a → payments-jobs-2b: FAILED after 15:05: timed out after 15:00 waiting for ACTIVE',
      'info [+15:05] Apply finished in 15:05: 0 succeeded, 1 failed, 0 skipped',
    ]);
  });

  it('warns when the plan differs from the reviewed one', () => {
    expect(
      logOf([
        { type: 'fingerprint-mismatch', expected: 'aaaaaaaaaaaaaaaa', actual: 'bbbbbbbbbbbbbbbb', refused: false },
      ]),
    ).toEqual([
      'warning The current plan (bbbbbbbbbbbb) differs from the reviewed plan (aaaaaaaaaaaa); applying the current plan',
    ]);
  });

  it('formats durations as minutes and seconds', () => {
    expect([0, 999, 59_400, 60_000, 3_725_000].map(formatDuration)).toEqual(['0:00', '0:01', '0:59', '1:00', '62:05']);
  });
});
