// Field paths as diagnostics show them: `spec.selectors[0].labels.app`, `tags["kubernetes.io/team"]`.

const plainKey = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (plainKey.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** Suffix of the path of a map entry's key (the plain path points to its value). */
export const keySuffix = '#key';
