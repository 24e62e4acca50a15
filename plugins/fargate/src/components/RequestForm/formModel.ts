import {
  requestFieldOf,
  validateProfileRequest,
  type ClusterSummary,
  type DesiredProfileView,
  type ProfileRequest,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { Diagnostic, Severity } from '@fargatekeeper/core';
import { rowsToRecord, type KeyValueRow } from '../KeyValueRows';

export interface SelectorRow {
  namespace: string;
  labels: KeyValueRow[];
}

/** What the request form holds while the user types. */
export interface RequestFormState {
  cluster: string;
  name: string;
  selectors: SelectorRow[];
  subnets: string[];
  /** `default`: fargatekeeper creates the pod execution role; `arn`: the user names one. */
  roleMode: 'default' | 'arn';
  roleArn: string;
  tags: KeyValueRow[];
  reason: string;
}

export function privateSubnetsOf(cluster: ClusterSummary | undefined): string[] {
  return (cluster?.subnets ?? []).filter(s => s.private).map(s => s.id);
}

export function initialFormState(clusters: ClusterSummary[]): RequestFormState {
  const cluster = clusters[0];
  return {
    cluster: cluster?.name ?? '',
    name: '',
    selectors: [{ namespace: '', labels: [] }],
    subnets: privateSubnetsOf(cluster),
    roleMode: 'default',
    roleArn: '',
    tags: [],
    reason: '',
  };
}

/** The form's state for a change of an existing spec: its values as they are in Git. */
export function formStateFromSpec(cluster: string, desired: DesiredProfileView): RequestFormState {
  return {
    cluster,
    name: desired.spec,
    selectors: desired.selectors.map(s => ({
      namespace: s.namespace,
      labels: Object.entries(s.labels).map(([key, value]) => ({ key, value })),
    })),
    subnets: [...desired.subnets],
    roleMode: desired.podExecutionRoleArn ? 'arn' : 'default',
    roleArn: desired.podExecutionRoleArn ?? '',
    tags: Object.entries(desired.tags).map(([key, value]) => ({ key, value })),
    reason: '',
  };
}

/** A request the form makes: a new profile, or a change of an existing spec (deletes have their own dialog). */
export type SpecRequest = Extract<ProfileRequest, { kind: 'create' | 'change' }>;

/** The body of `POST /requests` (and, without the reason, of `POST /plan`). */
export function toProfileRequest(state: RequestFormState, kind: SpecRequest['kind'] = 'create'): SpecRequest {
  return {
    kind,
    cluster: state.cluster,
    name: state.name.trim(),
    selectors: state.selectors.map(s => ({ namespace: s.namespace.trim(), labels: rowsToRecord(s.labels) })),
    subnets: state.subnets,
    ...(state.roleMode === 'arn' ? { podExecutionRoleArn: state.roleArn.trim() } : {}),
    tags: rowsToRecord(state.tags),
    reason: state.reason.trim(),
  };
}

export interface FieldIssue {
  severity: Severity;
  message: string;
  /** From the backend (plan preview, refused submit): about the values as they are, shown at once. */
  remote?: boolean;
}

/**
 * Findings by form field. Keys: `cluster`, `name`, `selectors`, `selectors[i].namespace`,
 * `selectors[i].labels`, `selectors[i].labels[j]` (row j), `subnets`, `podExecutionRoleArn`, `tags`,
 * `tags[j]`, `reason`; the rest (no field, or one the form does not show) goes under `general`.
 */
export interface FormIssues {
  byField: Map<string, FieldIssue[]>;
  general: FieldIssue[];
  hasErrors: boolean;
}

const plainKey = '([A-Za-z_][A-Za-z0-9_-]*)';
const quotedKey = '("(?:[^"\\\\]|\\\\.)*")';
const labelPath = new RegExp(`^selectors\\[(\\d+)\\]\\.labels(?:\\.${plainKey}|\\[${quotedKey}\\])(?:#key)?$`);
const tagPath = new RegExp(`^tags(?:\\.${plainKey}|\\[${quotedKey}\\])(?:#key)?$`);

function rowIndexOf(rows: KeyValueRow[] | undefined, plain: string | undefined, quoted: string | undefined): number {
  if (!rows) return -1;
  let key: string;
  try {
    key = plain ?? (JSON.parse(quoted ?? '""') as string);
  } catch {
    return -1;
  }
  return rows.findIndex(row => row.key === key);
}

/** The form field a request field path belongs to (the most specific one the form shows). */
export function formFieldOf(path: string | undefined, state: RequestFormState): string | undefined {
  if (!path) return undefined;
  const label = labelPath.exec(path);
  if (label) {
    const selector = Number(label[1]);
    const row = rowIndexOf(state.selectors[selector]?.labels, label[2], label[3]);
    return row >= 0 ? `selectors[${selector}].labels[${row}]` : `selectors[${selector}].labels`;
  }
  const tag = tagPath.exec(path);
  if (tag) {
    const row = rowIndexOf(state.tags, tag[1], tag[2]);
    return row >= 0 ? `tags[${row}]` : 'tags';
  }
  const selector = /^selectors\[(\d+)\](?:\.(namespace|labels))?/.exec(path);
  // A finding about a whole selector shows at its first input, the namespace.
  if (selector && Number(selector[1]) < state.selectors.length)
    return `selectors[${selector[1]}].${selector[2] ?? 'namespace'}`;
  const top = /^[A-Za-z]+/.exec(path)?.[0];
  if (top && ['cluster', 'name', 'selectors', 'subnets', 'podExecutionRoleArn', 'tags', 'reason'].includes(top))
    return top;
  return undefined;
}

/** Rules of the form itself (what a map cannot express, and what only a request needs). */
function formRules(state: RequestFormState): { field: string; message: string }[] {
  const found: { field: string; message: string }[] = [];
  if (!state.cluster) found.push({ field: 'cluster', message: 'Choose a cluster.' });
  const duplicateKeys = (rows: KeyValueRow[], field: (j: number) => string, what: string) => {
    rows.forEach((row, j) => {
      if (row.key === '') found.push({ field: field(j), message: `The ${what} key is empty.` });
      else if (rows.findIndex(other => other.key === row.key) !== j)
        found.push({ field: field(j), message: `The ${what} key "${row.key}" appears twice.` });
    });
  };
  state.selectors.forEach((selector, i) =>
    duplicateKeys(selector.labels, j => `selectors[${i}].labels[${j}]`, 'label'),
  );
  duplicateKeys(state.tags, j => `tags[${j}]`, 'tag');
  if (state.subnets.length === 0) found.push({ field: 'subnets', message: 'Choose at least one private subnet.' });
  if (state.roleMode === 'arn' && state.roleArn.trim() === '')
    found.push({ field: 'podExecutionRoleArn', message: 'Enter the role ARN, or let fargatekeeper create the role.' });
  if (state.reason.trim() === '')
    found.push({ field: 'reason', message: 'Say why the profile is needed: reviewers read it.' });
  return found;
}

/**
 * Core's static validation of the form as a spec (the very rules the Action enforces), the form's own
 * rules, and any further findings (the backend's plan preview), sorted onto the form's fields.
 */
export function formIssues(state: RequestFormState, clusters: ClusterSummary[], extra: Diagnostic[] = []): FormIssues {
  const region = clusters.find(c => c.name === state.cluster)?.region;
  const { reason: _reason, ...request } = toProfileRequest(state);

  const byField = new Map<string, FieldIssue[]>();
  const general: FieldIssue[] = [];
  const add = (field: string | undefined, issue: FieldIssue) => {
    const list = field ? (byField.get(field) ?? []) : general;
    if (list.some(i => i.message === issue.message)) return;
    list.push(issue);
    if (field) byField.set(field, list);
  };
  const local = validateProfileRequest(request, region ? { region } : {});
  for (const [list, remote] of [
    [local, false],
    [extra, true],
  ] as const) {
    for (const d of list) {
      if (d.severity === 'info') continue;
      const message = d.hint ? `${d.message} (${d.hint})` : d.message;
      add(formFieldOf(requestFieldOf(d), state), { severity: d.severity, message, ...(remote ? { remote } : {}) });
    }
  }
  for (const rule of formRules(state)) add(rule.field, { severity: 'error', message: rule.message });

  const all = [...general, ...[...byField.values()].flat()];
  return { byField, general, hasErrors: all.some(i => i.severity === 'error') };
}
