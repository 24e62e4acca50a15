import { globMatches, globsIntersect } from './glob';
import { globContains } from './globCover';

describe('globMatches', () => {
  it.each([
    ['payments', 'payments', true],
    ['payments', 'payment', false],
    ['batch-*', 'batch-', true],
    ['batch-*', 'batch-nightly', true],
    ['batch-*', 'bulk', false],
    ['*-jobs', 'batch-jobs', true],
    ['team-?', 'team-a', true],
    ['team-?', 'team-ab', false],
    ['team-?', 'team-', false],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b*', 'xxbxxaxx', false],
    ['*', '', true],
  ])('%s ~ %s → %s', (pattern, text, expected) => {
    expect(globMatches(pattern, text)).toBe(expected);
  });
});

describe('globsIntersect', () => {
  it.each([
    ['batch-*', 'b*', true],
    ['batch-*', '*-jobs', true],
    ['batch-*', 'bulk-*', false],
    ['team-?', 'team-??', false],
    ['team-?', 'team-*', true],
    ['a*', '*b', true],
    ['a?c', 'ab?', true],
    ['a?c', 'ab?d', false],
    ['payments', 'pay*', true],
    ['payments', 'pay', false],
    ['*x*', '*y*', true],
    ['x', 'y', false],
  ])('%s ∩ %s → %s', (a, b, expected) => {
    expect(globsIntersect(a, b)).toBe(expected);
    expect(globsIntersect(b, a)).toBe(expected);
  });

  it('agrees with brute force over short texts', () => {
    const alphabet = ['a', 'b'];
    const texts: string[] = [''];
    for (let n = 1; n <= 5; n++)
      for (const t of texts.filter(x => x.length === n - 1)) for (const c of alphabet) texts.push(t + c);
    const patterns = ['a*', '*b', 'a?b', '?', '??*', 'ab', '*a*a*', 'b*b', '*'];
    for (const a of patterns) {
      for (const b of patterns) {
        const brute = texts.some(t => globMatches(a, t) && globMatches(b, t));
        expect([a, b, globsIntersect(a, b)]).toEqual([a, b, brute]);
      }
    }
  });
});

describe('globContains', () => {
  it('finds the narrower pattern', () => {
    expect(globContains('batch-*', 'batch-jobs-*')).toBe(true);
    expect(globContains('batch-jobs-*', 'batch-*')).toBe(false);
    expect(globContains('*', 'a?b*')).toBe(true);
    expect(globContains('a?', 'a*')).toBe(false);
    expect(globContains('a?', 'a?')).toBe(true);
  });
});
