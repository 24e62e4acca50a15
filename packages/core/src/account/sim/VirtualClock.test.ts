import { VirtualClock, VIRTUAL_CLOCK_EPOCH } from './VirtualClock';

describe('VirtualClock', () => {
  it('starts at a fixed epoch and stands still while tasks run', async () => {
    const clock = new VirtualClock();
    expect(clock.now()).toBe(VIRTUAL_CLOCK_EPOCH);
    await Promise.resolve();
    expect(clock.now()).toBe(VIRTUAL_CLOCK_EPOCH);
  });

  it('jumps to the earliest deadline only when every task waits', async () => {
    const clock = new VirtualClock({ start: 0 });
    const log: string[] = [];
    const task = async (name: string, waits: number[]) => {
      for (const ms of waits) {
        await clock.sleep(ms);
        log.push(`${name}@${clock.now()}`);
      }
    };
    const started = Date.now();
    await Promise.all([task('a', [60_000, 60_000]), task('b', [90_000]), task('c', [30_000, 30_000, 30_000])]);
    expect(log).toEqual(['c@30000', 'a@60000', 'c@60000', 'b@90000', 'c@90000', 'a@120000']);
    expect(clock.now()).toBe(120_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('lets a busy task finish its synchronous and promise work before time moves', async () => {
    const clock = new VirtualClock({ start: 0 });
    let seenAt = -1;
    const busy = (async () => {
      for (let i = 0; i < 1000; i++) await Promise.resolve();
      seenAt = clock.now();
    })();
    await Promise.all([clock.sleep(5000), busy]);
    expect(seenAt).toBe(0);
  });

  it('fires timers with the same deadline in the order they were set', async () => {
    const clock = new VirtualClock({ start: 0 });
    const order: number[] = [];
    await Promise.all([1, 2, 3].map(n => clock.sleep(100).then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
  });

  it('moves only on advance() when auto-advance is off', async () => {
    const clock = new VirtualClock({ start: 0, autoAdvance: false });
    let woke = false;
    void clock.sleep(1000).then(() => (woke = true));
    await new Promise(resolve => setTimeout(resolve, 5));
    expect(woke).toBe(false);
    await clock.advance(999);
    expect(woke).toBe(false);
    await clock.advance(1);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(1000);
  });

  it('runs thousands of sleeps across parallel tasks in milliseconds', async () => {
    const clock = new VirtualClock({ start: 0 });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        for (let j = 0; j < 100; j++) await clock.sleep(1000 + i);
      }),
    );
    expect(clock.now()).toBe(100 * 1049);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('VirtualClock without setImmediate (browsers)', () => {
  it('detects idleness with setTimeout 0 instead', async () => {
    const saved = globalThis.setImmediate;
    // @ts-expect-error: removed to load the module as a browser would
    delete globalThis.setImmediate;
    expect(typeof globalThis.setImmediate).toBe('undefined');
    try {
      let Clock!: typeof VirtualClock;
      jest.isolateModules(() => {
        Clock = (jest.requireActual('./VirtualClock') as typeof import('./VirtualClock')).VirtualClock;
      });
      const clock = new Clock({ start: 0 });
      const order: string[] = [];
      await Promise.all([
        clock.sleep(2000).then(() => order.push(`b@${clock.now()}`)),
        clock.sleep(1000).then(() => order.push(`a@${clock.now()}`)),
      ]);
      expect(order).toEqual(['a@1000', 'b@2000']);
    } finally {
      globalThis.setImmediate = saved;
    }
  });
});
