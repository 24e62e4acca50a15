// Field paths as diagnostics show them: `spec.selectors[0].labels.app`, `tags["kubernetes.io/team"]`.

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (plainKey.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Suffix of the path of a map entry's key (the plain path points to its value). */
export const keySuffix = '#key';

const segment = /\.?([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The keys and indexes of a field path, the inverse of `childPath`: `a.b[0]["c.d"]` → `a`, `b`, 0, `c.d`. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  segment.lastIndex = 0;
  while (segment.lastIndex < path.length) {
    const match = segment.exec(path);
    if (!match) break;
    segments.push(match[1] ?? (match[2] !== undefined ? Number(match[2]) : (JSON.parse(match[3]!) as string)));
  }
  return segments;
}

/** The path of `segments` below `parent`. */
export const joinPath = (parent: string, segments: readonly (string | number)[]): string =>
  segments.reduce<string>(childPath, parent);
