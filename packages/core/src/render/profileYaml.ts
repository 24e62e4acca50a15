import type { ProfileState } from '../plan/types';

/** Managed tags change with the content; diffs leave them out to show what the reviewer's spec changed. */
export const isManagedTagKey = (key: string): boolean => key.startsWith('fargatekeeper.dev/');

const PLAIN = /^[A-Za-z0-9._/:=+@*?-]+$/;
/** A YAML scalar: bare when it is plainly safe, else JSON-quoted (which also escapes newlines and control characters). */
const scalar = (value: string): string =>
  PLAIN.test(value) && !/^[-?:@*]/.test(value) ? value : JSON.stringify(value);

/** A profile state as short YAML lines (sets and maps sorted, so diffs show only real differences). */
export function profileLines(state: ProfileState): string[] {
  const lines = [
    `name: ${scalar(state.name)}`,
    `podExecutionRoleArn: ${scalar(state.podExecutionRoleArn)}`,
    'subnets:',
  ];
  for (const subnet of [...state.subnets].sort()) lines.push(`  - ${scalar(subnet)}`);
  lines.push('selectors:');
  for (const selector of state.selectors) {
    lines.push(`  - namespace: ${scalar(selector.namespace)}`);
    const keys = Object.keys(selector.labels).sort();
    if (keys.length > 0) {
      lines.push('    labels:');
      for (const key of keys) lines.push(`      ${scalar(key)}: ${scalar(selector.labels[key])}`);
    }
  }
  const tagKeys = Object.keys(state.tags)
    .filter(k => !isManagedTagKey(k))
    .sort();
  if (tagKeys.length > 0) {
    lines.push('tags:');
    for (const key of tagKeys) lines.push(`  ${scalar(key)}: ${scalar(state.tags[key])}`);
  }
  return lines;
}

export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

/** Line diff by longest common subsequence (profiles are a few dozen lines at most). */
export function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = before[i] === after[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ op: ' ', text: before[i++] });
      j++;
    } else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push({ op: '+', text: after[j++] });
    } else {
      out.push({ op: '-', text: before[i++] });
    }
  }
  // Deletions before insertions within a run of changes reads better ("- old" then "+ new").
  for (let k = 0; k + 1 < out.length; k++) {
    if (out[k].op === '+' && out[k + 1].op === '-') {
      let end = k + 1;
      while (end < out.length && out[end].op === '-') end++;
      let start = k;
      while (start > 0 && out[start - 1].op === '+') start--;
      const run = out.slice(start, end);
      out.splice(start, run.length, ...run.filter(l => l.op === '-'), ...run.filter(l => l.op === '+'));
      k = end - 1;
    }
  }
  return out;
}
