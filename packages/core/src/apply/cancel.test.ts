import { SimulatedAccount } from '../account/sim/SimulatedAccount';
import { VirtualClock } from '../account/sim/VirtualClock';
import { systemClock } from '../clock';
import { plan } from '../plan/plan';
import { cancelledLine, renderCancelledApply } from '../render/cancelledApply';
import { apply } from './apply';
import { resultOrCancelled } from './cancel';
import { ApplyAbortedError } from './errors';
import { ApplyProgress } from './progress';
import type { ApplyEvent, ApplyResult } from './types';
import { planOptions, simState, spec, world } from './__fixtures__/world';

const specs = [spec('web', 'alpha'), spec('jobs', 'alpha'), spec('batch', 'alpha', { role: 'default' })];

/** Applies `specs` to a fresh account and aborts when `stopAt` first says so; returns the tracker's report. */
async function stopped(stopAt: (event: ApplyEvent) => boolean) {
  const w = world(simState(['alpha']));
  const reviewed = await plan({ specs }, w.sim, planOptions);
  const controller = new AbortController();
  const progress = new ApplyProgress(reviewed);
  const running = apply(reviewed, w.sim, {
    clock: w.clock,
    signal: controller.signal,
    onEvent: event => {
      progress.observe(event);
      if (!controller.signal.aborted && stopAt(event)) controller.abort(new Error('cancelled by SIGTERM'));
    },
  });
  const result = await resultOrCancelled(running, controller.signal);
  return { result, report: progress.report(), w };
}

describe('a cancelled apply', () => {
  it('reports the operations done and the ones not started when stopped between two operations', async () => {
    const { result, report } = await stopped(e => e.type === 'operation-done');
    expect(result).toBeUndefined();
    expect(report.counts).toEqual({ done: 1, failed: 0, inFlight: 0, notStarted: 2 });
    expect(report.operations.map(o => o.state)).toEqual(expect.arrayContaining(['done', 'not started', 'not started']));
    const done = report.operations.find(o => o.state === 'done')!;
    expect(done.stepsDone.map(s => s.step)).toContain('wait-active');
    expect(cancelledLine(report, 'SIGTERM')).toBe(
      'cancelled by SIGTERM: 1 done, 2 not started; run apply again to finish',
    );
  });

  it('reports an operation whose call AWS accepted as in flight, at the step it was on', async () => {
    const { report, w } = await stopped(e => e.type === 'step-done' && e.step === 'create-profile');
    expect(report.counts).toEqual({ done: 0, failed: 0, inFlight: 1, notStarted: 2 });
    const inFlight = report.operations.find(o => o.state === 'in flight')!;
    expect(inFlight.current).toEqual({ step: 'wait-active', target: expect.stringMatching(/^alpha\//) });
    // EKS goes on with it: the profile is there, CREATING, for the next run to wait for.
    expect(w.sim.toJSON().clusters[0]!.profiles.map(p => p.status)).toEqual(['CREATING']);
    expect(cancelledLine(report, 'SIGINT')).toBe(
      'cancelled by SIGINT: 0 done, 1 in flight, 2 not started; run apply again to finish',
    );

    const text = renderCancelledApply(report, { format: 'text', cause: 'SIGINT' });
    expect(text.split('\n')[0]).toBe('Apply cancelled by SIGINT: 0 done, 1 in flight, 2 not started.');
    expect(text).toMatch(/^create {2}eu-west-1\/alpha {2}\S+ +in flight +was at wait-active alpha\/\S+$/m);
    expect(text).toContain('run apply again to finish');
    const markdown = renderCancelledApply(report, { format: 'markdown', cause: 'SIGINT' });
    expect(markdown.split('\n')[0]).toBe('### Apply cancelled by SIGINT: 0 done, 1 in flight, 2 not started\\.');
    expect(markdown).toMatch(
      /\| create \| `eu-west-1\/alpha` \| `\S+` \| ⏳ in flight \| was at `wait-active` `alpha\/\S+` \|/,
    );
    expect(markdown.match(/⏸️ not started/g)).toHaveLength(2);
  });

  it('says everything is not started when stopped before apply began', async () => {
    const w = world(simState(['alpha']));
    const reviewed = await plan({ specs }, w.sim, planOptions);
    const controller = new AbortController();
    controller.abort(new Error('cancelled by SIGTERM'));
    const progress = new ApplyProgress(reviewed);
    const result = await resultOrCancelled(
      apply(reviewed, w.sim, { clock: w.clock, signal: controller.signal, onEvent: progress.observe }),
      controller.signal,
    );
    expect(result).toBeUndefined();
    expect(progress.report().counts).toEqual({ done: 0, failed: 0, inFlight: 0, notStarted: 3 });
  });

  it('stops waiting at once on real time: a 90-second create is not sat out', async () => {
    const sim = SimulatedAccount.fromJSON(simState(['alpha']), { clock: systemClock });
    const reviewed = await plan({ specs: [spec('web', 'alpha')] }, sim, planOptions);
    const controller = new AbortController();
    const started = performance.now();
    const running = apply(reviewed, sim, {
      signal: controller.signal,
      onEvent: e => {
        if (e.type === 'waiting' && !controller.signal.aborted)
          setTimeout(() => controller.abort(new Error('cancelled by SIGTERM')), 50);
      },
    });
    await expect(running).rejects.toBeInstanceOf(ApplyAbortedError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('resultOrCancelled', () => {
  const result = { ok: true } as ApplyResult;

  it('is the result when nothing cancels, or when the apply finished anyway', async () => {
    expect(await resultOrCancelled(Promise.resolve(result), undefined)).toBe(result);
    const controller = new AbortController();
    controller.abort();
    expect(await resultOrCancelled(Promise.resolve(result), controller.signal)).toBe(result);
  });

  it('stops waiting after the grace period when the apply does not stop (a call AWS has not answered)', async () => {
    const controller = new AbortController();
    const never = new Promise<ApplyResult>(() => {});
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    expect(await resultOrCancelled(never, controller.signal, 100)).toBeUndefined();
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('passes other failures through', async () => {
    await expect(resultOrCancelled(Promise.reject(new Error('bug')), new AbortController().signal)).rejects.toThrow(
      'bug',
    );
  });
});

describe('sleeping with a signal', () => {
  it('wakes the system clock at once on abort, clearing its timer', async () => {
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(), 10);
    await systemClock.sleep(60_000, controller.signal);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("drops a virtual clock's timer on abort, so it neither fires nor moves time", async () => {
    const clock = new VirtualClock({ autoAdvance: false });
    const controller = new AbortController();
    const sleeping = clock.sleep(60_000, controller.signal);
    expect(clock.pending).toBe(1);
    controller.abort();
    await sleeping;
    expect(clock.pending).toBe(0);
    await clock.advance(0);
    expect(clock.now()).toBe(new VirtualClock().now());
  });
});
