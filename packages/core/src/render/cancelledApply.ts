import type { ApplyProgressReport, OperationProgress, OperationState } from '../apply/progress';
import { mdCode, mdInline, mdText, termText } from './escape';
import { profileLabel } from './common';

export interface RenderCancelledOptions {
  format: 'text' | 'markdown';
  /** What stopped the run, as the message names it: `SIGTERM`, `SIGINT`. */
  cause: string;
  /** Terminal colours (text only). */
  color?: boolean;
}

/** "1 done, 1 in flight, 2 not started" (failed and in flight only when there are any). */
function counts(report: ApplyProgressReport): string {
  const { done, failed, inFlight, notStarted } = report.counts;
  return [
    `${done} done`,
    failed > 0 ? `${failed} failed` : '',
    inFlight > 0 ? `${inFlight} in flight` : '',
    `${notStarted} not started`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The one-line message of a cancelled apply: "cancelled by SIGTERM: 2 done, 3 not started; run apply again to finish". */
export function cancelledLine(report: ApplyProgressReport, cause: string): string {
  return `cancelled by ${cause}: ${counts(report)}; run apply again to finish`;
}

const NOTE =
  'An operation AWS already accepted goes on there; run apply again to finish: it picks up what is in flight and does nothing twice.';

/** What an operation was doing or why it stopped, with the step and its target quoted as `code`. */
const detailOf = (p: OperationProgress): string =>
  p.state === 'in flight'
    ? p.current
      ? `was at \`${p.current.step}\` \`${p.current.target}\``
      : 'starting'
    : (p.detail ?? '');

/** Text for a terminal: the quotes dropped. */
const plainDetail = (p: OperationProgress): string =>
  p.state === 'in flight' && p.current ? `was at ${p.current.step} ${p.current.target}` : detailOf(p);

/** A cancelled apply: the summary first, then where each operation stood (text or Markdown). */
export function renderCancelledApply(report: ApplyProgressReport, options: RenderCancelledOptions): string {
  return options.format === 'markdown'
    ? renderMarkdown(report, options.cause)
    : renderText(report, options.cause, options.color ?? false);
}

const ansi = { red: '31', green: '32', yellow: '33', cyan: '36', dim: '2', bold: '1' } as const;
const stateColor: Record<OperationState, keyof typeof ansi> = {
  done: 'green',
  failed: 'red',
  'in flight': 'cyan',
  'not started': 'yellow',
};

function renderText(report: ApplyProgressReport, cause: string, color: boolean): string {
  const paint = (code: keyof typeof ansi, text: string) => (color ? `\u001b[${ansi[code]}m${text}\u001b[0m` : text);
  const lines = [paint('bold', `Apply cancelled by ${termText(cause)}: ${counts(report)}.`)];
  if (report.operations.length > 0) {
    const header = ['CHANGE', 'CLUSTER', 'PROFILE', 'STATE', 'DETAILS'];
    const rows = report.operations.map(p =>
      [
        p.operation.op,
        `${p.operation.region}/${p.operation.cluster}`,
        profileLabel(p.operation),
        p.state,
        plainDetail(p),
      ].map(termText),
    );
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => r[i]!.length)));
    const line = (cells: string[], state?: OperationState) =>
      cells
        .map((cell, i) => {
          const padded = i === cells.length - 1 ? cell : cell.padEnd(widths[i]!);
          return state && i === 3 ? paint(stateColor[state], padded) : padded;
        })
        .join('  ')
        .trimEnd();
    lines.push('', paint('dim', line(header)), ...rows.map((r, i) => line(r, report.operations[i]!.state)));
  }
  lines.push('', NOTE);
  return `${lines.join('\n')}\n`;
}

const stateIcon: Record<OperationState, string> = { done: '✅', failed: '❌', 'in flight': '⏳', 'not started': '⏸️' };

function renderMarkdown(report: ApplyProgressReport, cause: string): string {
  const out = [`### ${mdText(`Apply cancelled by ${cause}: ${counts(report)}.`)}`, ''];
  if (report.operations.length > 0) {
    out.push('| Change | Cluster | Profile | State | Details |', '| --- | --- | --- | --- | --- |');
    for (const p of report.operations) {
      const { op, region, cluster } = p.operation;
      out.push(
        `| ${op} | ${mdCode(`${region}/${cluster}`)} | ${mdCode(profileLabel(p.operation))} | ${stateIcon[p.state]} ${p.state} | ${mdInline(detailOf(p))} |`,
      );
    }
    out.push('');
  }
  out.push(`> [!NOTE]\n> ${mdText(NOTE)}`, '');
  return out.join('\n');
}
