import { readAge } from './readAge';

describe('readAge', () => {
  const readAt = '2026-11-22T01:23:58.000Z';
  const at = (iso: string) => Date.parse(iso);

  it('says "just now" for under a minute, and when the browser’s clock is a little behind', () => {
    expect(readAge(readAt, at('2026-11-22T01:23:58.000Z'))).toBe('read just now');
    expect(readAge(readAt, at('2026-11-22T01:24:57.900Z'))).toBe('read just now');
    expect(readAge(readAt, at('2026-11-22T01:23:40.000Z'))).toBe('read just now');
  });

  it('counts whole minutes within the hour, then gives the time of day', () => {
    expect(readAge(readAt, at('2026-11-22T01:24:58.000Z'))).toBe('read 1 min ago');
    expect(readAge(readAt, at('2026-11-22T02:23:57.000Z'))).toBe('read 59 min ago');
    expect(readAge(readAt, at('2026-11-22T02:23:58.000Z'))).toBe(`read at ${new Date(readAt).toLocaleTimeString()}`);
  });

  it('does not show "Invalid Date"', () => {
    expect(readAge('soon', at(readAt))).toBe('read at an unknown time');
  });
});
