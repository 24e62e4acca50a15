import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/** What the cache holds per key: `value` is absent for a read that found nothing (`undefined`). */
interface Entry {
  value?: JsonValue;
}

// Entries go into the cache service as one JSON string: its stores serialise values node by node (the
// memory store with a reviver per node), which for a described profile costs more than the request.
const encode = (value: unknown): string => JSON.stringify(value === undefined ? {} : { value });
const decode = (text: string): Entry => JSON.parse(text) as Entry;

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
  private readonly memos = new Map<string, { value: Promise<unknown>; expires: number }>();
  /** The generation as last read from the cache, and until when it is trusted without asking again. */
  private generation?: { value: Promise<string>; until: number };

  constructor(
    private readonly cache: CacheService,
    private readonly ttlMs: number,
  ) {}

  /** How long reads are kept, in milliseconds. */
  get ttl(): number {
    return this.ttlMs;
  }

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

  /**
   * Like {@link read}, but kept in this process only, as a live object: for derived data that is
   * costly to serialise and cheap to rebuild on another instance (parsed specs, computed views).
   * Same TTL and generation; `expiresAt` ends it sooner (when the data it was made from expires).
   */
  async memo<T>(key: string, load: () => Promise<T>, options: { expiresAt?: number } = {}): Promise<T> {
    const fullKey = `${await this.currentGeneration()}:${key}`;
    const now = Date.now();
    const held = this.memos.get(fullKey);
    if (held && held.expires > now) return held.value as Promise<T>;
    const value = load();
    this.memos.set(fullKey, { value, expires: Math.min(options.expiresAt ?? Infinity, now + this.ttlMs) });
    value.catch(() => this.memos.delete(fullKey));
    for (const [k, v] of this.memos) if (v.expires <= now) this.memos.delete(k);
    return value;
  }

  /** What the cache holds for `key`, without loading it. */
  async lookup<T>(key: string): Promise<{ hit: true; value: T | undefined } | { hit: false }> {
    const hit = await this.cache.get<string>(`${await this.currentGeneration()}:${key}`);
    return typeof hit === 'string' ? { hit: true, value: decode(hit).value as T | undefined } : { hit: false };
  }

  /** Stores a value read as part of a larger answer (`undefined` for "does not exist"). */
  async store(key: string, value: unknown): Promise<void> {
    await this.cache.set(`${await this.currentGeneration()}:${key}`, encode(value), { ttl: this.ttlMs });
  }

  /** Forget everything read so far (after a request changed what there is to see). */
  async invalidate(): Promise<void> {
    const next = newGeneration();
    this.memos.clear();
    this.generation = { value: Promise.resolve(next), until: Date.now() + this.ttlMs };
    await this.cache.set(GENERATION_KEY, next, { ttl: GENERATION_TTL_MS });
  }

  private async readThrough<T>(key: string, load: () => Promise<T>, ttl: number): Promise<T> {
    const hit = await this.cache.get<string>(key);
    if (typeof hit === 'string') return decode(hit).value as T;
    const value = await load();
    await this.cache.set(key, encode(value), { ttl });
    return value;
  }

  /**
   * The generation is read from the cache at most once per TTL, so another instance's invalidation
   * is seen within a TTL while a warm read costs a single cache lookup.
   */
  private currentGeneration(): Promise<string> {
    if (!this.generation || this.generation.until <= Date.now()) {
      const value = this.loadGeneration();
      const held = { value, until: Date.now() + this.ttlMs };
      this.generation = held;
      value.catch(() => {
        if (this.generation === held) this.generation = undefined;
      });
    }
    return this.generation.value;
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
