import type { CacheService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { formatDuration } from '@fargatekeeper/core';
import type { ErrorRequestHandler } from 'express';
import type { RateLimitConfig } from '../config';

/** A user made more requests than `fargate.requests.rateLimit` allows: 429, with when to try again. */
export class RateLimitedError extends CustomErrorBase {
  override name = 'RateLimitedError' as const;
  readonly statusCode = 429;

  constructor(
    message: string,
    /** Whole seconds until the window ends (the Retry-After header). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

const KEY_PREFIX = 'requests:rate';

/**
 * Requests per user in fixed windows, counted in Backstage's cache service, which is how the replicas
 * of a backend that share a cache (Redis) share the count. One replica counts a user's requests one at
 * a time, so it loses none; the cache has no atomic increment, so two replicas counting the same user
 * in the same instant may both store the same count: under such races the limit lets through up to one
 * request more per replica, never fewer.
 */
export class RequestRateLimit {
  /** Per user, the count in flight on this replica (its updates are made one after another). */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly cache: CacheService,
    private readonly limit: RateLimitConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `user`, or throws a {@link RateLimitedError} when the window is used up. */
  take(user: string): Promise<void> {
    const previous = this.queues.get(user) ?? Promise.resolve();
    const turn = previous.catch(() => undefined).then(() => this.count(user));
    this.queues.set(user, turn);
    const clear = () => {
      if (this.queues.get(user) === turn) this.queues.delete(user);
    };
    turn.then(clear, clear);
    return turn;
  }

  private async count(user: string): Promise<void> {
    const { max, windowMs } = this.limit;
    const now = this.now();
    const start = Math.floor(now / windowMs) * windowMs;
    const key = `${KEY_PREFIX}:${start}:${user}`;
    const stored = await this.cache.get<number>(key);
    const used = typeof stored === 'number' ? stored : 0;
    if (used >= max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((start + windowMs - now) / 1000));
      throw new RateLimitedError(
        `${user} made ${max} requests within ${formatDuration(windowMs)}, the limit (fargate.requests.rateLimit); try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    await this.cache.set(key, used + 1, { ttl: start + windowMs - now });
  }
}

/** Router error middleware: a rate-limited request answers with `Retry-After`. */
export const retryAfter: ErrorRequestHandler = (error, _req, res, next) => {
  if (error instanceof RateLimitedError) res.set('Retry-After', String(error.retryAfterSeconds));
  next(error);
};
