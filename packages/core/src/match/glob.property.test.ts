import { seededRandom } from '../account/sim/faults';
import { globMatches, globsAllIntersect, globsIntersect } from './glob';
import { globContains, globsCover } from './globCover';

// Brute force over a small alphabet: `a` and `b` appear in patterns, `c` never does (it stands for
// every other character). Texts up to a length that holds a witness for patterns this short.
const texts = (alphabet: string, max: number): string[] => {
  const out = [''];
  for (let i = 0; i < out.length; i++) if (out[i]!.length < max) for (const c of alphabet) out.push(out[i]! + c);
  return out;
};
const universe = texts('abc', 7);
const random = seededRandom(1307);
const pattern = (max: number): string => {
  const length = Math.floor(random() * (max + 1));
  let p = '';
  for (let i = 0; i < length; i++) p += 'ab?*'[Math.floor(random() * 4)];
  return p;
};
const cases = (n: number, max: number) =>
  Array.from({ length: n }, () => [pattern(max), pattern(max), pattern(max)] as const);

describe('globs against brute force', () => {
  const all = cases(400, 3);

  it('intersect exactly (two and three patterns)', () => {
    for (const [a, b, c] of all) {
      expect([a, b, globsIntersect(a, b)]).toEqual([a, b, universe.some(t => globMatches(a, t) && globMatches(b, t))]);
      const three = globsAllIntersect([a, b, c]);
      expect([a, b, c, three]).toEqual([
        a,
        b,
        c,
        universe.some(t => globMatches(a, t) && globMatches(b, t) && globMatches(c, t)),
      ]);
    }
  });

  it('contain exactly', () => {
    for (const [outer, inner] of all) {
      const brute = universe.every(t => !globMatches(inner, t) || globMatches(outer, t));
      expect([outer, inner, globContains(outer, inner)]).toEqual([outer, inner, brute]);
    }
  });

  it('cover exactly by a union of patterns', () => {
    for (const [inner, a, b] of all) {
      const brute = universe.every(t => !globMatches(inner, t) || globMatches(a, t) || globMatches(b, t));
      expect([inner, a, b, globsCover(inner, [a, b])]).toEqual([inner, a, b, brute]);
    }
  });

  it('covers where no single pattern does: `team-*` by `team-` and `team-?*`; counts lengths through `?`', () => {
    expect(globsCover('team-*', ['team-', 'team-?*'])).toBe(true);
    expect(globsCover('team-*', ['team-', 'team-??*'])).toBe(false);
    expect(globsCover('a*b', ['ab', 'a?b', 'a??*b'])).toBe(true);
    expect(globsCover('a*b', ['ab', 'a??*b'])).toBe(false);
    // Containment that matching patterns symbol by symbol misses: every `a` before a `b` is followed by a character.
    expect(globContains('*a?*', '*a*b')).toBe(true);
    expect(globContains('?*', '*?')).toBe(true);
  });
});

describe('globs on long patterns (the 255-character labels EKS allows)', () => {
  it('answers intersection of two long wildcard patterns in linear work', () => {
    const a = `${'a?*'.repeat(85)}`;
    const b = `${'*?b'.repeat(85)}`;
    const started = performance.now();
    for (let i = 0; i < 1000; i++) globsIntersect(a, b);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(globsIntersect(a, b)).toBe(true);
  });

  it('gives up on containment only past its bound, and then says not shown', () => {
    const inner = '*a'.repeat(120);
    const outer = '*?a'.repeat(80);
    const verdict = globsCover(inner, [outer]);
    expect(verdict === undefined || typeof verdict === 'boolean').toBe(true);
    expect(globContains(outer, inner)).toBe(verdict === true);
  });
});
