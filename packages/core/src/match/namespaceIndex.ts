import { hasWildcards, literalPrefix } from './glob';

/** Prefix characters the trie looks at (Kubernetes namespaces have at most 63). */
const MAX_DEPTH = 64;
/** A node with more items than this is split by a label its items require, before pairing. */
const SPLIT_ABOVE = 16;

/** The literal labels (key → value, both without wildcards) an item requires of every pod. */
export type LiteralLabels<T> = (item: T) => ReadonlyMap<string, string>;

/**
 * Namespace patterns by their literal prefix (what comes before the first wildcard), in a trie. Two
 * patterns can match one namespace only if one prefix starts the other, so an item meets only the
 * items on its own trie path, and of those above it only the ones with wildcards (a literal namespace
 * is shorter than every text below it). Within a crowded node (many selectors of one namespace), items
 * that require different literal values of one label key never meet either: the node is split by the
 * key most of its items name. Building and walking cost the prefixes' lengths; what a walk yields is
 * the candidates, each pair once.
 */
export class NamespaceIndex<T> {
  private readonly root: TrieNode<T> = { children: new Map(), items: [], wild: [] };

  constructor(private readonly literalLabels: LiteralLabels<T>) {}

  add(namespace: string, item: T): void {
    let node = this.root;
    // A bounded depth keeps the walk shallow; cut prefixes keep the pairs they relate, and a few more.
    const prefix = literalPrefix(namespace);
    for (const c of prefix.slice(0, MAX_DEPTH)) {
      let child = node.children.get(c);
      if (!child) node.children.set(c, (child = { children: new Map(), items: [], wild: [] }));
      node = child;
    }
    node.items.push(item);
    if (hasWildcards(namespace) || prefix.length > MAX_DEPTH) node.wild.push(item);
  }

  /** Every candidate pair once: an item meets the wildcard items above it and its node's items. `visit` returns false to stop. */
  pairs(visit: (a: T, b: T) => boolean): void {
    const above: T[][] = [];
    const walk = (node: TrieNode<T>): boolean => {
      for (const item of node.items)
        for (const items of above) for (const other of items) if (!visit(other, item)) return false;
      if (!this.pairsWithin(node.items, visit)) return false;
      if (node.wild.length > 0) above.push(node.wild);
      for (const child of node.children.values()) if (!walk(child)) return false;
      if (node.wild.length > 0) above.pop();
      return true;
    };
    walk(this.root);
  }

  /** The pairs of one node: all of them, or, split by a literal label, those within a value and those with items not bound to one. */
  private pairsWithin(items: readonly T[], visit: (a: T, b: T) => boolean): boolean {
    const all = (group: readonly T[]) => {
      for (let i = 1; i < group.length; i++) for (let j = 0; j < i; j++) if (!visit(group[j]!, group[i]!)) return false;
      return true;
    };
    const key = items.length > SPLIT_ABOVE ? this.commonKey(items) : undefined;
    if (key === undefined) return all(items);
    const byValue = new Map<string, T[]>();
    const free: T[] = [];
    for (const item of items) {
      const value = this.literalLabels(item).get(key);
      if (value === undefined) free.push(item);
      else {
        const group = byValue.get(value);
        if (group) group.push(item);
        else byValue.set(value, [item]);
      }
    }
    for (const group of byValue.values()) if (!all(group)) return false;
    if (!all(free)) return false;
    for (const group of byValue.values())
      for (const item of group) for (const other of free) if (!visit(other, item)) return false;
    return true;
  }

  /** The literal label key most items require a literal value of, when at least half do. */
  private commonKey(items: readonly T[]): string | undefined {
    const counts = new Map<string, number>();
    for (const item of items)
      for (const key of this.literalLabels(item).keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
    let best: [string, number] | undefined;
    for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
    return best && best[1] * 2 >= items.length ? best[0] : undefined;
  }
}

interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  items: T[];
  /** Items whose namespace has a wildcard (or is cut at the depth): the only ones that meet items below. */
  wild: T[];
}
