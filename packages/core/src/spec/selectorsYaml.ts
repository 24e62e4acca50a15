import type { Selector } from './types';

/** YAML words that a plain scalar would not read back as the same string. */
const RESERVED = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** A string as a YAML scalar that reads back as itself: bare when plainly safe, else double-quoted (JSON's quoting is valid YAML). */
export function yamlString(value: string): string {
  const plain = /^[A-Za-z][A-Za-z0-9._/-]*$/.test(value) && !RESERVED.has(value.toLowerCase());
  return plain ? value : JSON.stringify(value);
}

/** `key:` and the selectors below it, block style, as a spec file writes them. */
export function selectorsYaml(key: string, selectors: readonly Selector[]): string {
  const lines = [`${key}:`];
  for (const s of selectors) {
    lines.push(`  - namespace: ${yamlString(s.namespace)}`);
    const labels = Object.entries(s.labels ?? {});
    if (labels.length > 0) {
      lines.push('    labels:');
      for (const [k, v] of labels) lines.push(`      ${yamlString(k)}: ${yamlString(v)}`);
    }
  }
  return lines.join('\n');
}
