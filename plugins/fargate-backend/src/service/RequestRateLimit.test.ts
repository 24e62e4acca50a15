import { memoryCache } from '../__testUtils__/memoryCache';
import { RateLimitedError, RequestRateLimit } from './RequestRateLimit';

describe('RequestRateLimit', () => {
  it('counts per user and window, says when the window ends, and starts again after it', async () => {
    let now = 90_000;
    const limit = new RequestRateLimit(memoryCache(), { max: 2, windowMs: 60_000 }, () => now);
    await limit.take('user:default/jane');
    await limit.take('user:default/jane');
    await limit.take('user:default/joe');
    const refused = await limit.take('user:default/jane').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(RateLimitedError);
    // The window of 60 s started at 60 s and ends at 120 s.
    expect(refused).toMatchObject({ statusCode: 429, retryAfterSeconds: 30 });
    now = 120_000;
    await expect(limit.take('user:default/jane')).resolves.toBeUndefined();
  });

  it('loses no count of one replica to concurrent requests', async () => {
    const limit = new RequestRateLimit(memoryCache(), { max: 10, windowMs: 60_000 });
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => limit.take('user:default/jane')));
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(10);
  });

  it('shares the count between replicas that share the cache', async () => {
    const cache = memoryCache();
    const [a, b] = [
      new RequestRateLimit(cache, { max: 3, windowMs: 60_000 }),
      new RequestRateLimit(cache, { max: 3, windowMs: 60_000 }),
    ];
    await a.take('user:default/jane');
    await b.take('user:default/jane');
    await a.take('user:default/jane');
    await expect(b.take('user:default/jane')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
