import { CallTimeoutError, isCallTimeout } from './callTimeout';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['300ms', 300],
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1s500ms', 1500],
    ['2', 2000],
    ['0.5', 500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30 s', '1d', 'ms', '5sm', '-1s', '1s1m'])('refuses %p', text => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it('says milliseconds, seconds or minutes as a person would', () => {
    expect([300, 1000, 1500, 30_000, 90_000, 120_000, 600_000].map(formatDuration)).toEqual([
      '300 ms',
      '1 s',
      '1.5 s',
      '30 s',
      '90 s',
      '2 min',
      '10 min',
    ]);
  });
});

describe('CallTimeoutError', () => {
  it('names the call, what it was about and the bound, and keeps the SDK error name', () => {
    const error = new CallTimeoutError('DescribeCluster', 'prod-eu', 30_000, 3);
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('DescribeCluster prod-eu timed out after 30 s (3 attempts)');
    expect(new CallTimeoutError('GetCallerIdentity', undefined, 300, 1).message).toBe(
      'GetCallerIdentity timed out after 300 ms',
    );
    expect(isCallTimeout(error)).toBe(true);
    // The SDK's own TimeoutError of one attempt is not one.
    expect(isCallTimeout(Object.assign(new Error('timeout'), { name: 'TimeoutError' }))).toBe(false);
  });
});
