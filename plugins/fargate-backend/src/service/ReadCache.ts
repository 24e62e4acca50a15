import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/** What the cache holds per key: `value` is absent for a read that found nothing (`undefined`). */
interface Entry {
  value?: JsonValue;
}

const GENERATION_KEY = 'generation';
const GENERATION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Reads of AWS and GitHub through Backstage's cache service, with a short TTL. Identical concurrent
 * reads share one promise, so a burst of page loads costs one call per object. Every key carries a
 * generation stored in the cache itself: `invalidate()` starts a new generation, which drops every
 * entry at once on every backend instance that shares the cache.
 */
export class ReadCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private generation?: Promise<string>;

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  /** The cached value of `key`, or what `load` returns (stored for the TTL, `undefined` included). */
  async read<T>(key: string, load: () => Promise<T>, options: { ttlMs?: number } = {}): Promise<T> {
    const fullKey = `${await this.currentGeneration()}:${key}`;
    const pending = this.inflight.get(fullKey);
    if (pending) return pending as Promise<T>;
    const promise = this.readThrough(fullKey, load, options.ttlMs ?? this.ttlMs).finally(() =>
      this.inflight.delete(fullKey),
    );
    this.inflight.set(fullKey, promise);
    return promise;
  }

  /** What the cache holds for `key`, without loading it. */
  async lookup<T>(key: string): Promise<{ hit: true; value: T | undefined } | { hit: false }> {
    const hit = await this.cache.get<JsonValue>(`${await this.currentGeneration()}:${key}`);
    return hit === undefined ? { hit: false } : { hit: true, value: (hit as Entry).value as T | undefined };
  }

  /** Stores a value read as part of a larger answer (`undefined` for "does not exist"). */
  async store(key: string, value: unknown): Promise<void> {
    const entry: Entry = value === undefined ? {} : { value: value as JsonValue };
    await this.cache.set(`${await this.currentGeneration()}:${key}`, entry as JsonValue, { ttl: this.ttlMs });
  }

  /** Forget everything read so far (after a request changed what there is to see). */
  async invalidate(): Promise<void> {
    const next = newGeneration();
    this.generation = Promise.resolve(next);
    await this.cache.set(GENERATION_KEY, next, { ttl: GENERATION_TTL_MS });
  }

  private async readThrough<T>(key: string, load: () => Promise<T>, ttl: number): Promise<T> {
    const hit = await this.cache.get<JsonValue>(key);
    if (hit !== undefined) return (hit as Entry).value as T;
    const value = await load();
    const entry: Entry = value === undefined ? {} : { value: value as JsonValue };
    await this.cache.set(key, entry as JsonValue, { ttl });
    return value;
  }

  /**
   * The generation is read from the cache at most once per TTL, so another instance's invalidation
   * is seen within a TTL while a warm read costs a single cache lookup.
   */
  private currentGeneration(): Promise<string> {
    if (!this.generation) {
      this.generation = this.loadGeneration().catch(error => {
        this.generation = undefined;
        throw error;
      });
      const timer = setTimeout(() => (this.generation = undefined), this.ttlMs);
      timer.unref?.();
    }
    return this.generation;
  }

  private async loadGeneration(): Promise<string> {
    const stored = await this.cache.get<string>(GENERATION_KEY);
    if (typeof stored === 'string') return stored;
    const created = newGeneration();
    await this.cache.set(GENERATION_KEY, created, { ttl: GENERATION_TTL_MS });
    return created;
  }
}

const newGeneration = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
