import { octokitAttemptBound, octokitRetryOptions } from './octokitCallPolicy';

const policy = { timeoutMs: 200, attempts: 3 };
const request = { method: 'GET', url: '/repos/acme/specs' };

describe('octokitRetryOptions', () => {
  it('retries attempts - 1 times and never retries what GitHub refused for good', () => {
    const { retry } = octokitRetryOptions(policy, () => {});
    expect(retry.retries).toBe(2);
    expect(retry.doNotRetry).toEqual(expect.arrayContaining([401, 403, 404, 422, 429]));
    expect(octokitRetryOptions({ timeoutMs: 200, attempts: 1 }, () => {}).retry.retries).toBe(0);
  });

  it('waits a rate limit out only while retries are left and the wait fits in one attempt, saying so', () => {
    const said: string[] = [];
    const { onRateLimit, onSecondaryRateLimit } = octokitRetryOptions({ timeoutMs: 5_000, attempts: 3 }, m =>
      said.push(m),
    ).rateLimitHandlers;
    expect(onRateLimit(2, request, undefined, 0)).toBe(true);
    expect(onSecondaryRateLimit(5, request, undefined, 1)).toBe(true);
    expect(onRateLimit(6, request, undefined, 0)).toBe(false);
    expect(onRateLimit(1, request, undefined, 2)).toBe(false);
    expect(said).toEqual([
      'GitHub: rate limit reached on GET /repos/acme/specs; waiting 2 s, then retrying (1 of 2)',
      'GitHub: secondary rate limit reached on GET /repos/acme/specs; waiting 5 s, then retrying (2 of 2)',
    ]);
  });
});

describe('octokitAttemptBound', () => {
  it('gives each attempt its own signal and tags a failure with its attempt', async () => {
    const options = { ...request, request: { retryCount: 1 } as { retryCount: number; signal?: AbortSignal | null } };
    const answered = await octokitAttemptBound(policy)(
      async o => (o.request.signal ? 'answered' : 'no signal'),
      options,
    );
    expect(answered).toBe('answered');
    const failure = Object.assign(new Error('Bad gateway'), { status: 502 });
    await expect(octokitAttemptBound(policy)(async () => Promise.reject(failure), options)).rejects.toMatchObject({
      status: 502,
      attempt: 2,
    });
  });

  it('fails an attempt with no answer within the timeout as a retryable network error', async () => {
    const options = { ...request, request: {} as { signal?: AbortSignal | null } };
    const hang = (o: typeof options) =>
      new Promise<never>((_, reject) =>
        o.request.signal!.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    const started = Date.now();
    await expect(octokitAttemptBound({ timeoutMs: 50, attempts: 1 })(hang, options)).rejects.toMatchObject({
      name: 'TimeoutError',
      message: 'timed out after 50 ms',
      status: 500,
      attempt: 1,
      timeoutMs: 50,
      request: { method: 'GET', url: '/repos/acme/specs' },
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
