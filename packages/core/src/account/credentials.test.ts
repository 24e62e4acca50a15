import { refreshingCredentials } from './credentials';

describe('refreshingCredentials', () => {
  const at = (ms: number) => new Date(ms);

  it('shares one fetch between concurrent callers and keeps its answer until five minutes before it expires', async () => {
    let now = 0;
    let fetched = 0;
    const provider = refreshingCredentials(
      async () => ({ key: ++fetched, expiration: at(now + 3600_000) }),
      () => now,
    );
    const [a, b] = await Promise.all([provider(), provider()]);
    expect([a.key, b.key, fetched]).toEqual([1, 1, 1]);
    now = 3600_000 - 300_001;
    expect((await provider()).key).toBe(1);
    now = 3600_000 - 300_000;
    expect((await provider()).key).toBe(2);
  });

  it('keeps no failure: the next call fetches again', async () => {
    let attempts = 0;
    const provider = refreshingCredentials(
      async () => {
        if (++attempts === 1) throw new Error('AccessDenied');
        return { expiration: undefined };
      },
      () => 0,
    );
    await expect(provider()).rejects.toThrow('AccessDenied');
    await expect(provider()).resolves.toEqual({ expiration: undefined });
    await provider();
    expect(attempts).toBe(2);
  });
});
