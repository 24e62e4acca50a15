import { seededRandom } from '../account/sim/faults';
import { globsIntersect } from './glob';
import { NamespaceIndex } from './namespaceIndex';

interface Item {
  id: number;
  namespace: string;
  labels: Map<string, string>;
}

const meets = (a: Item, b: Item) =>
  globsIntersect(a.namespace, b.namespace) &&
  [...a.labels].every(([k, v]) => !b.labels.has(k) || globsIntersect(v, b.labels.get(k)!));

describe('NamespaceIndex', () => {
  it('yields every pair that can share a pod, each once, in crowded and sparse namespaces alike', () => {
    const random = seededRandom(42);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    const items: Item[] = Array.from({ length: 300 }, (_, id) => ({
      id,
      namespace: pick([
        'default',
        'default',
        'default',
        'team-1',
        'team-12',
        'team-1*',
        'team-?2',
        '*',
        'de*',
        'team-12-jobs',
        'x'.repeat(70),
        `${'x'.repeat(70)}y`,
      ]),
      labels: new Map(random() < 0.8 ? [['app', pick(['a', 'b', 'c', 'a*', 'd'])]] : []),
    }));
    const index = new NamespaceIndex<Item>(item => new Map([...item.labels].filter(([, v]) => !v.includes('*'))));
    for (const item of items) index.add(item.namespace, item);
    const seen = new Set<string>();
    index.pairs((a, b) => {
      const key = [a.id, b.id].sort((x, y) => x - y).join(':');
      expect(seen.has(key)).toBe(false);
      seen.add(key);
      return true;
    });
    const missed: string[] = [];
    let meeting = 0;
    for (let i = 0; i < items.length; i++) {
      for (let j = 0; j < i; j++) {
        if (!meets(items[i]!, items[j]!)) continue;
        meeting++;
        if (!seen.has(`${j}:${i}`)) missed.push(`${items[j]!.namespace} ${items[i]!.namespace}`);
      }
    }
    expect(missed).toEqual([]);
    // Far fewer comparisons than all pairs: the crowded `default` is split by `app`, literals never meet what is below them.
    expect(meeting).toBeGreaterThan(1000);
    expect(seen.size).toBeLessThan((items.length * (items.length - 1)) / 2 / 2);
  });

  it('stops when the visitor says so', () => {
    const index = new NamespaceIndex<number>(() => new Map());
    for (let i = 0; i < 10; i++) index.add('*', i);
    let visits = 0;
    index.pairs(() => ++visits < 3);
    expect(visits).toBe(3);
  });
});
