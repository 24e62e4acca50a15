import type { Diagnostic } from '../diagnostics';
import type { ApplyResult, OperationOutcome, OutcomeStatus } from '../apply/types';
import type { PendingOutcome, PendingPod, PendingPodsReport } from '../apply/pendingPods';
import { formatDuration } from '../apply/waiters';
import { subjectOf } from '../plan/operations';
import { mdCode, mdInline, mdText, termText } from './escape';
import { profileLabel } from './common';

export interface RenderApplyOptions {
  format: 'text' | 'markdown';
  /** Terminal colours (text only). */
  color?: boolean;
}

/** The summary line first, then one row per operation, then apply's diagnostics (text or Markdown). */
export function renderApplyResult(result: ApplyResult, options: RenderApplyOptions): string {
  return options.format === 'markdown' ? renderMarkdown(result) : renderText(result, options.color ?? false);
}

export function applySummaryLine(result: ApplyResult): string {
  const { succeeded, failed, skipped } = result.summary;
  if (result.outcomes.length === 0) return 'Apply: no changes.';
  return `Apply: ${succeeded} succeeded, ${failed} failed, ${skipped} skipped in ${formatDuration(result.durationMs)}.`;
}

const durationOf = (o: OperationOutcome) => (o.status === 'skipped' ? '-' : formatDuration(o.durationMs));
const detailsOf = (o: OperationOutcome) => o.errors.join('; ') || o.reason || '';
/** Health issues the error text does not already quote. */
const extraHealth = (o: OperationOutcome) =>
  (o.health ?? []).filter(h => !o.errors.some(e => e.includes(`${h.code}: ${h.message}`)));

/** Diagnostics worth showing after an apply: apply's own and any error (warnings and infos were in the plan). */
const shownDiagnostics = (result: ApplyResult): Diagnostic[] =>
  result.diagnostics.filter(d => d.code.startsWith('apply.') || d.severity === 'error');

/** What became of a Pending pod, in a few words. */
function pendingOutcomeText(outcome: PendingOutcome): string {
  switch (outcome.kind) {
    case 'reported':
      return 'left Pending (recycle-pending would delete it)';
    case 'deleted':
      return 'deleted: its controller creates it again';
    case 'kept':
      return outcome.why === 'no-controller'
        ? 'kept: no controller would create it again'
        : outcome.why === 'max-pods'
          ? 'kept: the most pods one run deletes were deleted'
          : 'kept: the time for recycling was up';
    case 'delete-failed':
      return `delete failed: ${outcome.error}`;
  }
}

const pendingWhy = (pod: PendingPod) =>
  pod.reason.code === 'default-scheduler'
    ? 'created while no profile took it'
    : `stopped with profile ${pod.reason.profile}`;

const pendingHead = (report: PendingPodsReport) =>
  `${report.region}/${report.cluster} (${report.profiles.join(', ')}): ${
    report.read.kind === 'not-read'
      ? `pods not read: ${report.read.reason}`
      : report.pods.length === 0
        ? 'no pod left Pending'
        : `${report.pods.length} Pending`
  }`;

// ---- text ----

const ansi = { red: '31', green: '32', yellow: '33', dim: '2', bold: '1' } as const;
const statusColor: Record<OutcomeStatus, keyof typeof ansi> = { succeeded: 'green', failed: 'red', skipped: 'yellow' };
/** Terminal text from user or AWS strings: control characters are shown, never acted on. */
const plain = termText;

function renderText(result: ApplyResult, color: boolean): string {
  const paint = (code: keyof typeof ansi, text: string) => (color ? `\u001b[${ansi[code]}m${text}\u001b[0m` : text);
  const lines = [paint('bold', applySummaryLine(result))];
  if (result.outcomes.length > 0) {
    const header = ['CHANGE', 'CLUSTER', 'PROFILE', 'RESULT', 'TIME', 'DETAILS'];
    const rows = result.outcomes.map(o => [
      o.operation.op,
      `${o.operation.region}/${o.operation.cluster}`,
      profileLabel(o.operation),
      o.status,
      durationOf(o),
      detailsOf(o),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => plain(r[i]!).length)));
    const line = (cells: string[], status?: OutcomeStatus) =>
      cells
        .map((cell, i) => {
          const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
          return status && i === 3 ? paint(statusColor[status], padded) : padded;
        })
        .join('  ')
        .trimEnd();
    lines.push('', paint('dim', line(header)), ...rows.map((r, i) => line(r.map(plain), result.outcomes[i]!.status)));
    for (const o of result.outcomes) {
      for (const issue of extraHealth(o)) {
        lines.push(
          `  ${paint('red', 'health')} ${plain(o.operation.cluster)}/${plain(subjectOf(o.operation).name)}: ${plain(issue.code)}: ${plain(issue.message)}`,
        );
      }
    }
  }
  if (result.pendingPods && result.pendingPods.length > 0) {
    lines.push('', paint('bold', 'Pending pods after the replacements'));
    for (const report of result.pendingPods) {
      lines.push(`  ${plain(pendingHead(report))}`);
      for (const pod of report.pods) {
        const line = `    ${plain(`${pod.namespace}/${pod.name}`)}  ${plain(pod.controller ?? '(no controller)')}  ${plain(pendingWhy(pod))}; ${plain(pendingOutcomeText(pod.outcome))}`;
        lines.push(pod.outcome.kind === 'deleted' ? line : paint('yellow', line));
      }
    }
  }
  const diagnostics = shownDiagnostics(result);
  if (diagnostics.length > 0) {
    lines.push('');
    for (const d of diagnostics) {
      const label =
        d.severity === 'error' ? paint('red', 'error') : d.severity === 'warning' ? paint('yellow', 'warning') : 'info';
      const where = d.source ? `${plain(d.source.file)}:${d.source.line}:${d.source.column}: ` : '';
      lines.push(
        `${label} ${where}${plain(d.message)} [${plain(d.code)}]${d.hint ? `\n  hint: ${plain(d.hint)}` : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

// ---- markdown ----

const statusIcon: Record<OutcomeStatus, string> = { succeeded: '✅', failed: '❌', skipped: '⏭️' };

function renderMarkdown(result: ApplyResult): string {
  const out = [`### ${mdText(applySummaryLine(result))}`, ''];
  if (!result.fingerprint.matched) {
    out.push(
      `> [!WARNING]\n> The plan applied (${mdCode(result.fingerprint.actual.slice(0, 12))}) differs from the reviewed plan (${mdCode((result.fingerprint.expected ?? '').slice(0, 12))}).`,
      '',
    );
  }
  if (result.outcomes.length > 0) {
    out.push('| Change | Cluster | Profile | Result | Duration | Details |', '| --- | --- | --- | --- | --- | --- |');
    for (const o of result.outcomes) {
      const health = extraHealth(o).map(h => `${mdText(h.code)}: ${mdText(h.message)}`);
      const details = [mdInline(detailsOf(o)), ...health].filter(Boolean).join('<br>');
      const { op, region, cluster } = o.operation;
      out.push(
        `| ${op} | ${mdCode(`${region}/${cluster}`)} | ${mdCode(profileLabel(o.operation))} | ${statusIcon[o.status]} ${o.status} | ${durationOf(o)} | ${details} |`,
      );
    }
    out.push('');
  }
  if (result.pendingPods && result.pendingPods.length > 0) {
    out.push('**Pending pods after the replacements**', '');
    for (const report of result.pendingPods) {
      out.push(`- ${mdInline(pendingHead(report))}`);
      for (const pod of report.pods) {
        const why =
          pod.reason.code === 'default-scheduler'
            ? mdText(pendingWhy(pod))
            : `stopped with profile ${mdCode(pod.reason.profile)}`;
        out.push(
          `  - ${mdCode(`${pod.namespace}/${pod.name}`)} ${pod.controller ? mdCode(pod.controller) : '(no controller)'}: ${why}; ${mdInline(pendingOutcomeText(pod.outcome))}`,
        );
      }
    }
    out.push('');
  }
  const diagnostics = shownDiagnostics(result);
  if (diagnostics.length > 0) {
    for (const d of diagnostics) {
      const where = d.source ? ` (${mdCode(`${d.source.file}:${d.source.line}`)})` : '';
      out.push(`- **${d.severity}**${where}: ${mdInline(d.message)} ${mdCode(d.code)}`);
    }
    out.push('');
  }
  return out.join('\n');
}
