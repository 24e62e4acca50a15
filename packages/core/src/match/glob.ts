// EKS selector patterns: `*` matches any run of characters (also none), `?` exactly one. The analysis
// takes texts over an unbounded alphabet (it never relies on Kubernetes' naming rules), so a character
// that no pattern at hand names always exists: it is what "any other character" stands for below.

export const hasWildcards = (pattern: string): boolean => /[*?]/.test(pattern);

/** What comes before the first wildcard: every text the pattern matches starts with it. */
export const literalPrefix = (pattern: string): string => {
  const end = pattern.search(/[*?]/);
  return end < 0 ? pattern : pattern.slice(0, end);
};

export function globMatches(pattern: string, text: string): boolean {
  // Iterative matcher with backtracking to the last `*`: O(|pattern| · |text|) at worst, no regex building.
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

/** A pattern cut at its stars: what comes before the first, between them, and after the last. */
interface Pieces {
  head: string;
  middle: string[];
  tail: string;
  starred: boolean;
}

function piecesOf(pattern: string): Pieces {
  const parts = pattern.split('*');
  if (parts.length === 1) return { head: pattern, middle: [], tail: '', starred: false };
  return { head: parts[0]!, middle: parts.slice(1, -1).filter(Boolean), tail: parts[parts.length - 1]!, starred: true };
}

/** Two pattern characters (no `*`) that one text character can meet. */
const compatible = (a: string, b: string): boolean => a === '?' || b === '?' || a === b;

/** Every pattern's head (or tail, `fromEnd`) can be laid over the same text start (or end): column by column, the literals agree. */
function edgesAgree(edges: readonly string[], fromEnd: boolean): boolean {
  const longest = Math.max(0, ...edges.map(e => e.length));
  for (let i = 0; i < longest; i++) {
    let literal: string | undefined;
    for (const edge of edges) {
      if (i >= edge.length) continue;
      const c = fromEnd ? edge[edge.length - 1 - i]! : edge[i]!;
      if (c === '?') continue;
      if (literal === undefined) literal = c;
      else if (literal !== c) return false;
    }
  }
  return true;
}

/** A star-free pattern laid over a same-length template: position by position compatible. */
function fitsAt(piece: string, template: string, at: number): boolean {
  for (let j = 0; j < piece.length; j++) if (!compatible(piece[j]!, template[at + j]!)) return false;
  return true;
}

/**
 * Whether a starred pattern meets a star-free template (literals and `?`) in one text: the head at the
 * start, the tail at the end, the middle pieces leftmost in order between them (leftmost is optimal:
 * it leaves the most room to the pieces after). O(|pattern| · |template|) character comparisons at worst.
 */
function meetsTemplate(pieces: Pieces, template: string): boolean {
  const { head, middle, tail } = pieces;
  const end = template.length - tail.length;
  if (end < head.length) return false;
  if (!fitsAt(head, template, 0) || !fitsAt(tail, template, end)) return false;
  let at = head.length;
  for (const piece of middle) {
    while (at + piece.length <= end && !fitsAt(piece, template, at)) at++;
    if (at + piece.length > end) return false;
    at += piece.length;
  }
  return true;
}

/**
 * Whether some text matches both patterns. Exact, and cheap: two starred patterns meet iff their heads
 * agree and their tails agree (the stars absorb everything else); two star-free ones iff they have one
 * length and agree; otherwise the starred one is fitted to the other. Linear in the pattern lengths,
 * except for the last case: O(|a| · |b|) character comparisons at worst (no state set is built).
 */
export function globsIntersect(a: string, b: string): boolean {
  if (a === b) return true;
  const pa = piecesOf(a);
  const pb = piecesOf(b);
  if (pa.starred && pb.starred) return edgesAgree([pa.head, pb.head], false) && edgesAgree([pa.tail, pb.tail], true);
  if (!pa.starred && !pb.starred) return a.length === b.length && fitsAt(a, b, 0);
  return pa.starred ? meetsTemplate(pa, b) : meetsTemplate(pb, a);
}

/** Tuples of pattern positions a joint search keeps at most per text position before it gives up. */
const JOINT_STATES_LIMIT = 4096;

/**
 * Whether some text matches every pattern; `undefined` when the search gave up (several starred
 * patterns fitted to one star-free template, a joint search bounded by {@link JOINT_STATES_LIMIT}
 * states per position). Literals and same-length templates reduce the question; starred patterns
 * alone meet iff all heads agree and all tails agree.
 */
export function globsAllIntersect(patterns: readonly string[]): boolean | undefined {
  if (patterns.length <= 2) return patterns.length < 2 || globsIntersect(patterns[0]!, patterns[1]!);
  const distinct = [...new Set(patterns)];
  if (distinct.length <= 1) return true;
  if (distinct.length === 2) return globsIntersect(distinct[0]!, distinct[1]!);
  const literal = distinct.find(p => !hasWildcards(p));
  if (literal !== undefined) return distinct.every(p => globMatches(p, literal));
  const templates = distinct.filter(p => !p.includes('*'));
  const starred = distinct.filter(p => p.includes('*')).map(piecesOf);
  if (templates.length === 0)
    return (
      edgesAgree(
        starred.map(s => s.head),
        false,
      ) &&
      edgesAgree(
        starred.map(s => s.tail),
        true,
      )
    );
  const length = templates[0]!.length;
  if (templates.some(t => t.length !== length) || !edgesAgree(templates, false)) return false;
  const template = mergeTemplates(templates);
  if (starred.length === 1) return meetsTemplate(starred[0]!, template);
  return jointlyMeetTemplate(
    distinct.filter(p => p.includes('*')),
    template,
  );
}

/** Same-length templates that agree, as one: a literal where any has one. */
function mergeTemplates(templates: readonly string[]): string {
  let merged = '';
  for (let i = 0; i < templates[0]!.length; i++) merged += templates.map(t => t[i]!).find(c => c !== '?') ?? '?';
  return merged;
}

/** Several starred patterns on one text that a template describes: a search over tuples of positions, bounded. */
function jointlyMeetTemplate(patterns: readonly string[], template: string): boolean | undefined {
  const fresh = freshCharacter([...patterns, template]);
  // One NFA per pattern (a position in it); a tuple holds one position of each, every combination kept.
  const closure = (p: string, at: number): number[] => {
    const out = [at];
    let i = at;
    while (p[i] === '*') out.push(++i);
    return out;
  };
  const step = (p: string, at: number, c: string): number[] =>
    at >= p.length ? [] : p[at] === '*' ? [at] : p[at] === '?' || p[at] === c ? [at + 1] : [];
  const product = (options: number[][]): number[][] =>
    options.reduce<number[][]>((tuples, choices) => tuples.flatMap(t => choices.map(c => [...t, c])), [[]]);
  let states = new Map(product(patterns.map(p => closure(p, 0))).map(t => [String(t), t]));
  for (const t of template) {
    const next = new Map<string, number[]>();
    for (const tuple of states.values()) {
      // A template `?` is any character: one a pattern asks for here, or one none does.
      const wanted = tuple
        .map((at, i) => patterns[i]![at])
        .filter((c): c is string => c !== undefined && c !== '?' && c !== '*');
      for (const c of t === '?' ? [...new Set(wanted), fresh] : [t]) {
        for (const s of product(tuple.map((at, i) => step(patterns[i]!, at, c).flatMap(n => closure(patterns[i]!, n)))))
          next.set(String(s), s);
        if (next.size > JOINT_STATES_LIMIT) return undefined;
      }
    }
    if (next.size === 0) return false;
    states = next;
  }
  return [...states.values()].some(tuple => tuple.every((at, i) => at === patterns[i]!.length));
}

/** A character none of the texts contains: stands for "any other character". */
export function freshCharacter(texts: readonly string[]): string {
  const used = new Set(texts.join(''));
  let code = 0xe000;
  while (used.has(String.fromCharCode(code))) code++;
  return String.fromCharCode(code);
}
