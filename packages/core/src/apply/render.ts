import type { Diagnostic } from '../diagnostics';
import type { ApplyResult, ChangeOutcome, OutcomeStatus } from './types';
import { mdCode, mdInline, mdText, termText } from '../render/escape';
import { formatDuration } from './waiters';

export interface RenderApplyOptions {
  format: 'text' | 'markdown';
  /** Terminal colours (text only). */
  color?: boolean;
}

/** The summary line first, then one row per change, then apply's diagnostics (text or Markdown). */
export function renderApplyResult(result: ApplyResult, options: RenderApplyOptions): string {
  return options.format === 'markdown' ? renderMarkdown(result) : renderText(result, options.color ?? false);
}

export function applySummaryLine(result: ApplyResult): string {
  const { succeeded, failed, skipped } = result.summary;
  if (result.changes.length === 0) return 'Apply: no changes.';
  return `Apply: ${succeeded} succeeded, ${failed} failed, ${skipped} skipped in ${formatDuration(result.durationMs)}.`;
}

const profileOf = (o: ChangeOutcome) =>
  o.target === 'role' ? `role ${o.profileName}` : o.replaces ? `${o.profileName} (replaces ${o.replaces})` : o.profileName;
const detailsOf = (o: ChangeOutcome) => o.errors.join('; ') || o.reason || '';
/** Health issues the error text does not already quote. */
const extraHealth = (o: ChangeOutcome) => (o.health ?? []).filter(h => !o.errors.some(e => e.includes(`${h.code}: ${h.message}`)));

/** Diagnostics worth showing after an apply: apply's own and any warning or error (infos were in the plan). */
const shownDiagnostics = (result: ApplyResult): Diagnostic[] =>
  result.diagnostics.filter(d => d.code.startsWith('apply.') || d.severity === 'error');

// ---- text ----

const ansi = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1' } as const;

function renderText(result: ApplyResult, color: boolean): string {
  const paint = (code: keyof typeof ansi, text: string) => (color ? `\u001b[${ansi[code]}m${text}\u001b[0m` : text);
  const statusColor: Record<OutcomeStatus, keyof typeof ansi> = { succeeded: 'green', failed: 'red', skipped: 'yellow' };
  const lines = [paint('bold', applySummaryLine(result))];
  if (result.changes.length > 0) {
    const header = ['CHANGE', 'CLUSTER', 'PROFILE', 'RESULT', 'TIME', 'DETAILS'];
    const rows = result.changes.map(o => [
      o.kind,
      `${o.region}/${o.cluster}`,
      profileOf(o),
      o.status,
      o.status === 'skipped' ? '-' : formatDuration(o.durationMs),
      detailsOf(o),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => plain(r[i]!).length)));
    const line = (cells: string[], paintStatus: boolean) =>
      cells
        .map((cell, i) => {
          const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
          return paintStatus && i === 3 ? paint(statusColor[cell as OutcomeStatus], padded) : padded;
        })
        .join('  ')
        .trimEnd();
    lines.push('', paint('dim', line(header, false)), ...rows.map(r => line(r.map(plain), true)));
    for (const o of result.changes) {
      for (const issue of extraHealth(o)) {
        lines.push(`  ${paint('red', 'health')} ${plain(o.cluster)}/${plain(o.profileName)}: ${plain(issue.code)}: ${plain(issue.message)}`);
      }
    }
  }
  const diagnostics = shownDiagnostics(result);
  if (diagnostics.length > 0) {
    lines.push('');
    for (const d of diagnostics) {
      const label = d.severity === 'error' ? paint('red', 'error') : d.severity === 'warning' ? paint('yellow', 'warning') : 'info';
      const where = d.source ? `${d.source.file}:${d.source.line}:${d.source.column}: ` : '';
      lines.push(`${label} ${where}${plain(d.message)} [${d.code}]${d.hint ? `\n  hint: ${plain(d.hint)}` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Terminal text from user or AWS strings: control characters are shown, never acted on. */
const plain = termText;

// ---- markdown ----

const code = mdCode;

const statusIcon: Record<OutcomeStatus, string> = { succeeded: '✅', failed: '❌', skipped: '⏭️' };

function renderMarkdown(result: ApplyResult): string {
  const out = [`### ${mdText(applySummaryLine(result))}`, ''];
  if (!result.fingerprint.matched) {
    out.push(
      `> [!WARNING]\n> The plan applied (${code(result.fingerprint.actual.slice(0, 12))}) differs from the reviewed plan (${code((result.fingerprint.expected ?? '').slice(0, 12))}).`,
      '',
    );
  }
  if (result.changes.length > 0) {
    out.push('| Change | Cluster | Profile | Result | Duration | Details |', '| --- | --- | --- | --- | --- | --- |');
    for (const o of result.changes) {
      const profile =
        o.target === 'role' ? `role ${code(o.profileName)}` : o.replaces ? `${code(o.profileName)} (replaces ${code(o.replaces)})` : code(o.profileName);
      const health = extraHealth(o).map(h => `${mdText(h.code)}: ${mdText(h.message)}`);
      const details = [mdInline(detailsOf(o)), ...health].filter(Boolean).join('<br>');
      out.push(
        `| ${o.kind} | ${code(`${o.region}/${o.cluster}`)} | ${profile} | ${statusIcon[o.status]} ${o.status} | ${o.status === 'skipped' ? '-' : formatDuration(o.durationMs)} | ${details} |`,
      );
    }
    out.push('');
  }
  const diagnostics = shownDiagnostics(result);
  if (diagnostics.length > 0) {
    for (const d of diagnostics) {
      const where = d.source ? ` (${code(`${d.source.file}:${d.source.line}`)})` : '';
      out.push(`- **${d.severity}**${where}: ${mdInline(d.message)} ${code(d.code)}`);
    }
    out.push('');
  }
  return out.join('\n');
}
