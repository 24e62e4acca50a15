import { sourceOf } from '../plan/operations';
import type { FieldChange, Operation, Plan } from '../plan/types';
import {
  countBySeverity,
  healthOf,
  operationLabel,
  plural,
  profileChangeOf,
  profileLabel,
  rolesBeside,
  shortFingerprint,
  summaryLine,
  waitsForOf,
} from './common';
import { renderDiagnosticsText } from './diagnostics';
import { podImpactText } from './podImpact';
import { termText } from './escape';
import { isManagedTagKey } from './profileYaml';
import { deleteFirstOf, reasonText, waitsForText } from './reasons';

export interface TextOptions {
  /** ANSI colours; front doors pass `true` only for a TTY (or when forced). */
  color: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;

/**
 * Terraform-like symbols: `+` create, `-` delete, `-/+` replace (`+/-` when the new one comes first),
 * `~` in place, `...` waits for what an earlier run started.
 */
function symbolOf(o: Operation): { symbol: string; style: Style } {
  switch (o.op) {
    case 'create':
      return { symbol: '+', style: 'green' };
    case 'delete-profile':
    case 'delete-role':
      return { symbol: '-', style: 'red' };
    case 'replace':
    case 'adopt-by-replace':
      return { symbol: o.order.kind === 'delete-before-create' ? '-/+' : '+/-', style: 'magenta' };
    case 'adopt-in-place':
    case 'retag':
      return { symbol: '~', style: 'yellow' };
    case 'wait':
      return { symbol: '...', style: 'cyan' };
    case 'no-op':
      return { symbol: '=', style: 'gray' };
    case 'unmanaged':
      return { symbol: '?', style: 'gray' };
  }
}

/** The plan for a terminal: summary line, then per cluster one line per operation with why and its changed fields, then findings. */
export function renderText(plan: Plan, options: TextOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const t = termText;
  const lines: string[] = [];
  const counts = countBySeverity(plan.diagnostics);
  const extras = [
    counts.error > 0 ? paint('red', plural(counts.error, 'error')) : '',
    counts.warning > 0 ? paint('yellow', plural(counts.warning, 'warning')) : '',
    `fingerprint ${shortFingerprint(plan)}`,
  ].filter(Boolean);
  lines.push(`${paint('bold', `${summaryLine(plan)}.`)} ${extras.join(' · ')}`);
  if (!plan.hasChanges && counts.error === 0) lines.push('No changes: the live profiles match the specs.');

  for (const cluster of plan.clusters) {
    const where = cluster.account ? `${t(cluster.region)}, account ${t(cluster.account.id)}` : t(cluster.region);
    lines.push(
      '',
      paint('bold', `${t(cluster.cluster)} (${where})`) +
        (cluster.quota !== undefined ? paint('gray', ` ${cluster.liveProfiles}/${cluster.quota} profiles`) : ''),
    );
    if (cluster.blockedReason) lines.push(`  ${paint('red', 'not planned:')} ${t(cluster.blockedReason)}`);
    const unchanged = cluster.operations.filter(o => o.op === 'no-op');
    for (const o of cluster.operations) {
      if (o.op === 'no-op') continue;
      const { symbol, style } = symbolOf(o);
      const source = sourceOf(o);
      const location = source ? paint('gray', ` (${t(source.file)}:${source.line})`) : '';
      lines.push(
        `  ${paint(style, symbol.padEnd(3))} ${paint('bold', t(profileLabel(o)))}  ${t(operationLabel(o))}: ${t(reasonText(o))}${location}`,
      );
      const deleteFirst = deleteFirstOf(o);
      if (deleteFirst) lines.push(`        ${paint('yellow', 'delete first:')} ${t(deleteFirst)}`);
      const waitsFor = waitsForOf(o);
      if (waitsFor) lines.push(`        ${t(waitsForText(waitsFor))}`);
      for (const role of rolesBeside(o))
        lines.push(
          `        ${role.action === 'create' ? paint('green', '+ role') : paint('red', '- role')} ${t(role.name)}`,
        );
      // Only what changes on a live profile: a create's fields are all new, its YAML is the spec.
      for (const field of profileChangeOf(o)?.fields ?? [])
        if (!field.path.startsWith('tags.') || !isManagedTagKey(field.path.slice(5)))
          lines.push(`        ${fieldLine(field, paint)}`);
      lines.push(...healthLines(o, paint));
    }
    if (unchanged.length > 0)
      lines.push(
        `  ${paint('gray', `=   ${plural(unchanged.length, 'profile')} up to date: ${unchanged.map(o => t(o.profile)).join(', ')}`)}`,
      );
    // Up-to-date profiles have no line of their own: one with health issues gets its health lines under its name.
    for (const o of unchanged) {
      const health = healthLines(o, paint);
      if (health.length > 0)
        lines.push(`  ${paint('gray', '=  ')} ${paint('bold', t(o.profile))}  up to date`, ...health);
    }
    if (cluster.operations.length === 0 && !cluster.blockedReason) lines.push(paint('gray', '  no profiles'));
  }

  lines.push(...podImpactText(plan, paint));
  const findings = renderDiagnosticsText(plan.diagnostics, options);
  if (findings) lines.push('', findings.slice(0, -1));
  return `${lines.join('\n')}\n`;
}

/** What EKS reports wrong with the operation's live profile, one line per issue. */
function healthLines(o: Operation, paint: (style: Style, text: string) => string): string[] {
  const health = healthOf(o);
  if (!health) return [];
  return health.issues.map(i => {
    const resources = i.resourceIds && i.resourceIds.length > 0 ? ` (${i.resourceIds.join(', ')})` : '';
    return `        ${paint('red', 'health')} ${termText(`${health.profile} (${health.status}): ${i.code}: ${i.message}${resources}`)}`;
  });
}

function fieldLine(field: FieldChange, paint: (style: Style, text: string) => string): string {
  const show = (value: unknown) =>
    value === undefined
      ? '(none)'
      : termText(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value));
  const arrow = `${show(field.before)} → ${show(field.after)}`;
  return `${paint('yellow', '~')} ${termText(field.path)}: ${arrow}${field.forcesReplacement ? paint('red', '  # forces replacement') : ''}`;
}
