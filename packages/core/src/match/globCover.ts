import { freshCharacter, globMatches, hasWildcards } from './glob';

/**
 * Work a containment search does before it gives up (then containment counts as not shown): state
 * sets built times their size in positions. About a millisecond; enough for every pattern pair of
 * real specs, where a search, if any, visits a few dozen sets.
 */
export const COVER_WORK_LIMIT = 1_000_000;

/**
 * Whether every text `inner` matches is matched by one of `outers` (for one outer: containment).
 * Exact; `undefined` when the search gave up (see {@link COVER_WORK_LIMIT}), which a caller must take
 * as "not shown". Most questions never search:
 * - a star-free `inner` (literals and `?`) is covered iff one outer matches it with each `?` made a
 *   character no pattern names: an outer's literals then meet only `inner`'s literals, so it matches
 *   every text `inner` does; several outers never cover more than one of them does;
 * - against outers without `?`, the same holds with each `*` of `inner` made one such character too
 *   (an outer's stars absorb whatever the inner star stands for);
 * - otherwise a search over the outers' state sets, where `inner`'s stars choose the worst length of
 *   fresh characters: a set only shrinks with worse choices, and after every outer position is passed
 *   longer runs add nothing, so each star has at most (positions + 1) distinct outcomes.
 */
export function globsCover(inner: string, outers: readonly string[]): boolean | undefined {
  if (outers.length === 0) return false;
  if (!hasWildcards(inner)) return outers.some(o => globMatches(o, inner));
  if (outers.includes(inner) || outers.includes('*')) return true;
  const fresh = freshCharacter([inner, ...outers]);
  if (!inner.includes('*')) return outers.some(o => globMatches(o, inner.replace(/\?/g, fresh)));
  const generic = inner.replace(/[*?]/g, fresh);
  if (outers.some(o => !o.includes('?') && globMatches(o, generic))) return true;
  // Only outers with `?` can add up to more than each alone; star-free outers match no starred inner alone.
  if (outers.every(o => !o.includes('?'))) return false;
  // Two texts of `inner` some outer must match (cheap refusals before any search): stars as one fresh character, and as nothing.
  if (!outers.some(o => globMatches(o, generic))) return false;
  const shortest = inner.replace(/\*/g, '').replace(/\?/g, fresh);
  if (!outers.some(o => globMatches(o, shortest))) return false;
  return new CoverSearch(outers, fresh).covers(inner);
}

/** Containments answered, kept for the patterns one analysis asks about again and again (cleared when full). */
const containments = new Map<string, boolean>();
const MAX_REMEMBERED = 50_000;

/** Exact, bounded containment of one pattern in another: {@link globsCover} with one outer, as proven or not. */
export function globContains(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  if (!hasWildcards(inner)) return globMatches(outer, inner);
  if (!hasWildcards(outer)) return false;
  const key = `${outer}\u0000${inner}`;
  let known = containments.get(key);
  if (known === undefined) {
    if (containments.size >= MAX_REMEMBERED) containments.clear();
    containments.set(key, (known = globsCover(inner, [outer]) === true));
  }
  return known;
}

/** The outers as one automaton: position `at` of outer `i` is `base[i] + at`; a set is one byte per position. */
class CoverSearch {
  private readonly base: number[] = [];
  private readonly size: number;
  private visited = 0;

  constructor(
    private readonly outers: readonly string[],
    private readonly fresh: string,
  ) {
    let size = 0;
    for (const o of outers) {
      this.base.push(size);
      size += o.length + 1;
    }
    this.size = size;
  }

  covers(inner: string): boolean | undefined {
    const start = new Uint8Array(this.size);
    this.outers.forEach((_, i) => (start[this.base[i]!] = 1));
    let frontier = new Map<string, Uint8Array>([[key(this.close(start)), start]]);
    for (const c of inner) {
      const next = new Map<string, Uint8Array>();
      for (const set of frontier.values()) {
        const outcomes = c === '*' ? this.runs(set) : [this.step(set, c === '?' ? this.fresh : c)];
        for (const s of outcomes) {
          if (s.every(b => b === 0)) return false; // a text of `inner` that no outer can match any more
          next.set(key(s), s);
        }
        if (this.visited * this.size > COVER_WORK_LIMIT) return undefined;
      }
      frontier = next;
    }
    return [...frontier.values()].every(set => this.accepts(set));
  }

  /** The sets after 0, 1, 2, ... fresh characters, until they repeat (at most size + 1 of them). */
  private runs(set: Uint8Array): Uint8Array[] {
    const out = [set];
    const seen = new Set([key(set)]);
    for (let current = set; ;) {
      current = this.step(current, this.fresh);
      const k = key(current);
      if (seen.has(k)) return out;
      seen.add(k);
      out.push(current);
    }
  }

  private step(set: Uint8Array, c: string): Uint8Array {
    this.visited++;
    const out = new Uint8Array(this.size);
    this.outers.forEach((o, i) => {
      const base = this.base[i]!;
      for (let at = 0; at < o.length; at++) {
        if (!set[base + at]) continue;
        const p = o[at];
        if (p === '*') out[base + at] = 1;
        else if (p === '?' || p === c) out[base + at + 1] = 1;
      }
    });
    return this.close(out);
  }

  /** A star may match nothing: wherever a set stands on a star, it also stands past it. */
  private close(set: Uint8Array): Uint8Array {
    this.outers.forEach((o, i) => {
      const base = this.base[i]!;
      for (let at = 0; at < o.length; at++) if (set[base + at] && o[at] === '*') set[base + at + 1] = 1;
    });
    return set;
  }

  private accepts(set: Uint8Array): boolean {
    return this.outers.some((o, i) => set[this.base[i]! + o.length] === 1);
  }
}

const key = (set: Uint8Array): string => String.fromCharCode(...set);
