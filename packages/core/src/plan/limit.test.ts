import { SimulatedAccount, VirtualClock } from '../account';
import { simState } from '../account/sim/__fixtures__/simState';
import { limitConcurrency, Semaphore } from './limit';

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs everything in the order asked', async () => {
    const gate = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gate.run(async () => {
          started.push(i);
          peak = Math.max(peak, ++running);
          await new Promise(resolve => setTimeout(resolve, 1));
          running--;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('frees the slot of a task that fails', async () => {
    const gate = new Semaphore(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve(7))).resolves.toBe(7);
  });
});

describe('limitConcurrency', () => {
  it('bounds the account calls in flight and leaves other members alone', async () => {
    const clock = new VirtualClock();
    const sim = SimulatedAccount.fromJSON(simState(), { clock, latencyMs: 10 });
    const limited = limitConcurrency(sim, 2);
    const started = clock.now();
    await Promise.all(
      Array.from({ length: 6 }, () => limited.describeCluster({ region: 'eu-west-1', name: 'prod-eu' })),
    );
    expect(clock.now() - started).toBe(30); // 6 calls, 2 at a time, 10 ms each
    expect(limited.region).toBe('eu-west-1');
    expect(limited.calls.DescribeCluster).toBe(6);
    expect(typeof limited.toJSON().accountId).toBe('string');
  });
});
