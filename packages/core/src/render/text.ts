import type { Diagnostic } from '../diagnostics';
import type { Change, FieldChange, Plan } from '../plan/types';
import { changeLabel, countBySeverity, plural, profileLabel, shortFingerprint, summaryLine } from './common';
import { termText } from './escape';
import { isManagedTagKey } from './profileYaml';

export interface TextOptions {
  /** ANSI colours; front doors pass `true` only for a TTY (or when forced). */
  color: boolean;
}

const ANSI = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
type Style = keyof typeof ANSI;

/** Terraform-like symbols: `+` create, `-` delete, `-/+` replace (`+/-` when the new one comes first), `~` in place. */
function symbolOf(change: Change): { symbol: string; style: Style } {
  switch (change.kind) {
    case 'create':
      return { symbol: '+', style: 'green' };
    case 'delete':
      return { symbol: '-', style: 'red' };
    case 'replace':
      return { symbol: change.strategy === 'delete-before-create' ? '-/+' : '+/-', style: 'magenta' };
    case 'adopt':
      return change.replaces ? { symbol: change.strategy === 'delete-before-create' ? '-/+' : '+/-', style: 'magenta' } : { symbol: '~', style: 'yellow' };
    case 'retag':
      return { symbol: '~', style: 'yellow' };
    case 'noop':
      return { symbol: '=', style: 'gray' };
    case 'unmanaged':
      return { symbol: '?', style: 'gray' };
  }
}

/** The plan for a terminal: summary line, then per cluster one line per change with why and its changed fields, then findings. */
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
    lines.push('', paint('bold', `${t(cluster.cluster)} (${t(cluster.region)})`) + (cluster.quota !== undefined ? paint('gray', ` ${cluster.liveProfiles}/${cluster.quota} profiles`) : ''));
    if (cluster.blockedReason) lines.push(`  ${paint('red', 'not planned:')} ${t(cluster.blockedReason)}`);
    const unchanged = cluster.changes.filter(c => c.kind === 'noop');
    for (const change of cluster.changes) {
      if (change.kind === 'noop') continue;
      const { symbol, style } = symbolOf(change);
      const where = change.source ? paint('gray', ` (${t(change.source.file)}:${change.source.line})`) : '';
      lines.push(`  ${paint(style, symbol.padEnd(3))} ${paint('bold', t(profileLabel(change)))}  ${t(changeLabel(change))}: ${t(change.reason)}${where}`);
      if (change.strategyReason) lines.push(`        ${paint('yellow', 'delete first:')} ${t(change.strategyReason)}`);
      if (change.waitsFor) lines.push(`        waits for ${t(change.waitsFor)}`);
      if (change.target !== 'role') for (const role of change.roles ?? []) lines.push(`        ${role.action === 'create' ? paint('green', '+ role') : paint('red', '- role')} ${t(role.name)}`);
      if (change.kind !== 'create' && change.kind !== 'delete') {
        for (const field of change.fields) if (!field.path.startsWith('tags.') || !isManagedTagKey(field.path.slice(5))) lines.push(`        ${fieldLine(field, paint)}`);
      }
    }
    if (unchanged.length > 0) lines.push(`  ${paint('gray', `=   ${plural(unchanged.length, 'profile')} up to date: ${unchanged.map(c => t(c.profileName)).join(', ')}`)}`);
    if (cluster.changes.length === 0 && !cluster.blockedReason) lines.push(paint('gray', '  no profiles'));
  }

  const groups: [Diagnostic['severity'], string, Style][] = [['error', 'Errors', 'red'], ['warning', 'Warnings', 'yellow'], ['info', 'Notes', 'blue']];
  for (const [severity, title, style] of groups) {
    const list = plan.diagnostics.filter(d => d.severity === severity);
    if (list.length === 0) continue;
    lines.push('', paint(style, `${title}:`));
    for (const d of list) {
      const where = d.source ? `${t(d.source.file)}:${d.source.line}:${d.source.column}: ` : d.cluster ? `${t(d.cluster)}: ` : '';
      lines.push(`  ${where}${t(d.message)}${d.path ? ` (${t(d.path)})` : ''} ${paint('gray', `[${t(d.code)}]`)}`);
      if (d.hint) lines.push(`    hint: ${t(d.hint)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function fieldLine(field: FieldChange, paint: (style: Style, text: string) => string): string {
  const show = (value: unknown) => (value === undefined ? '(none)' : termText(typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)));
  const arrow = `${show(field.before)} → ${show(field.after)}`;
  return `${paint('yellow', '~')} ${termText(field.path)}: ${arrow}${field.forcesReplacement ? paint('red', '  # forces replacement') : ''}`;
}
