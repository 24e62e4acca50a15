// EKS selector patterns: `*` matches any run of characters (also none), `?` exactly one.

export const hasWildcards = (pattern: string): boolean => /[*?]/.test(pattern);

export function globMatches(pattern: string, text: string): boolean {
  // Iterative matcher with backtracking to the last `*`: linear in practice, no regex building.
  let p = 0;
  let t = 0;
  let star = -1;
  let starText = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      starText = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Whether some text matches both patterns: a search over pairs of positions, where a `*` may match
 * nothing (advance past it) or swallow one character the other pattern consumes.
 */
export function globsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>();
  const width = b.length + 1;
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const key = i * width + j;
    if (seen.has(key)) continue;
    seen.add(key);
    if (i === a.length && j === b.length) return true;
    const ca = a[i];
    const cb = b[j];
    if (ca === '*') stack.push([i + 1, j]);
    if (cb === '*') stack.push([i, j + 1]);
    if (ca === '*' && cb !== undefined && cb !== '*') stack.push([i, j + 1]);
    if (cb === '*' && ca !== undefined && ca !== '*') stack.push([i + 1, j]);
    if (ca !== undefined && cb !== undefined && ca !== '*' && cb !== '*' && (ca === '?' || cb === '?' || ca === cb)) {
      stack.push([i + 1, j + 1]);
    }
  }
  return false;
}

/**
 * Whether every text `inner` matches is matched by `outer` (sound, not complete: matches `inner`'s
 * characters as symbols, `?` in `outer` taking one non-`*` symbol and `*` in `outer` any run of them).
 */
export function globContains(outer: string, inner: string): boolean {
  const memo = new Map<number, boolean>();
  const width = inner.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === outer.length) result = j === inner.length;
    else if (outer[i] === '*') result = go(i + 1, j) || (j < inner.length && go(i, j + 1));
    else if (j === inner.length) result = false;
    else if (outer[i] === '?') result = inner[j] !== '*' && go(i + 1, j + 1);
    else result = outer[i] === inner[j] && go(i + 1, j + 1);
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}
