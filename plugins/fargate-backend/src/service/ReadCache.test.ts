import { memoryCache } from '../__testUtils__/memoryCache';
import { ReadCache } from './ReadCache';

describe('ReadCache', () => {
  it('stores what a load returns, undefined included, and shares one load between concurrent reads', async () => {
    const cache = new ReadCache(memoryCache(), 60_000);
    const load = jest.fn(async () => undefined);
    await Promise.all([cache.read('k', load), cache.read('k', load), cache.read('k', load)]);
    expect(await cache.read('k', load)).toBeUndefined();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('sees another instance’s invalidation through the shared cache service', async () => {
    const shared = memoryCache();
    const a = new ReadCache(shared, 60_000);
    const b = new ReadCache(shared, 60_000);
    const load = jest.fn(async () => 'v');
    await a.read('k', load);
    await b.read('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    await a.invalidate();
    // A fresh instance reads the new generation at once.
    await new ReadCache(shared, 60_000).read('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('sees another instance’s invalidation on the next read, while concurrent reads share one lookup', async () => {
    const shared = memoryCache();
    const get = jest.spyOn(shared, 'get');
    const a = new ReadCache(shared, 60_000);
    const b = new ReadCache(shared, 60_000);
    const load = jest.fn(async () => 'v');
    await b.read('k', load);
    await a.invalidate();
    await b.read('k', load);
    expect(load).toHaveBeenCalledTimes(2);
    get.mockClear();
    await Promise.all(Array.from({ length: 10 }, () => b.read('k', load)));
    // One lookup of the generation and one of the entry for ten reads.
    expect(get.mock.calls.map(([key]) => key.split(':')[0])).toEqual(['generation', expect.any(String)]);
  });

  it('keeps memos in process until their TTL, or their own expiry when sooner', async () => {
    const cache = new ReadCache(memoryCache(), 60_000);
    const made = jest.fn(async () => ({ at: Date.now() }));
    const first = await cache.memo('view', made);
    expect(await cache.memo('view', made)).toBe(first);
    const short = jest.fn(async () => 'x');
    await cache.memo('short', short, { expiresAt: Date.now() + 20 });
    await new Promise(resolve => setTimeout(resolve, 40));
    await cache.memo('short', short, { expiresAt: Date.now() + 20 });
    expect(short).toHaveBeenCalledTimes(2);
    await cache.invalidate();
    expect(await cache.memo('view', made)).not.toBe(first);
  });

  it('ends a memo when the expiry read from its value says', async () => {
    const cache = new ReadCache(memoryCache(), 60_000);
    const made = jest.fn(async () => ({ until: Date.now() + 20 }));
    const first = await cache.memo('view', made, { expiresAt: view => view.until });
    expect(await cache.memo('view', made, { expiresAt: view => view.until })).toBe(first);
    await new Promise(resolve => setTimeout(resolve, 40));
    expect(await cache.memo('view', made, { expiresAt: view => view.until })).not.toBe(first);
    expect(made).toHaveBeenCalledTimes(2);
  });

  it('forgets a failed memo so the next call tries again', async () => {
    const cache = new ReadCache(memoryCache(), 60_000);
    const load = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('up');
    await expect(cache.memo('m', load)).rejects.toThrow('down');
    await expect(cache.memo('m', load)).resolves.toBe('up');
  });
});
