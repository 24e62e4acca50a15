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
 * entry at once on every backend instance that shares the cache (Redis for several replicas): each
 * read looks the generation up, one lookup shared by the reads that start while it is out, so the
 * read after an invalidation on any instance sees it.
 */
export class ReadCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly memos = new Map<string, { value: Promise<unknown>; expires: number }>();
  /** The lookup of the generation in flight, which the reads starting meanwhile share. */
  private generationLookup?: Promise<string>;

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
   * Same TTL and generation; `expiresAt` ends it sooner (when the data it was made from expires),
   * given as a time or read from the value once it is there. A warm memo costs one cache lookup.
   */
  async memo<T>(
    key: string,
    load: () => Promise<T>,
    options: { expiresAt?: number | ((value: T) => number) } = {},
  ): Promise<T> {
    const fullKey = `${await this.currentGeneration()}:${key}`;
    const now = Date.now();
    const held = this.memos.get(fullKey);
    if (held && held.expires > now) return held.value as Promise<T>;
    const value = load();
    const { expiresAt } = options;
    const entry = { value, expires: Math.min(typeof expiresAt === 'number' ? expiresAt : Infinity, now + this.ttlMs) };
    this.memos.set(fullKey, entry);
    value.then(
      made => {
        if (typeof expiresAt === 'function') entry.expires = Math.min(entry.expires, expiresAt(made));
      },
      () => this.memos.delete(fullKey),
    );
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
    this.memos.clear();
    await this.cache.set(GENERATION_KEY, newGeneration(), { ttl: GENERATION_TTL_MS });
    // A lookup that started before may still answer the old generation: later reads ask again.
    this.generationLookup = undefined;
  }

  private async readThrough<T>(key: string, load: () => Promise<T>, ttl: number): Promise<T> {
    const hit = await this.cache.get<string>(key);
    if (typeof hit === 'string') return decode(hit).value as T;
    const value = await load();
    await this.cache.set(key, encode(value), { ttl });
    return value;
  }

  /** The generation as the cache holds it now (a warm read costs this lookup and the entry's). */
  private currentGeneration(): Promise<string> {
    if (!this.generationLookup) {
      const lookup = this.loadGeneration();
      this.generationLookup = lookup;
      const done = () => {
        if (this.generationLookup === lookup) this.generationLookup = undefined;
      };
      lookup.then(done, done);
    }
    return this.generationLookup;
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
