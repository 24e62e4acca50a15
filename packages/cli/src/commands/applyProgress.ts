import { subjectLabel, termText, type ApplyEvent, type Operation } from '@fargatekeeper/core';
import type { OutputStream } from '../io';
import type { Paint } from '../output';

const seconds = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
};

/** `replace prod-eu/old → new`: the operation, its cluster and what it works on. */
const what = (o: Operation): string => termText(`${o.op} ${o.cluster}/${subjectLabel(o)}`);

/** A line for an operation that finished, the same on a terminal and in a log. */
function finalLine(event: ApplyEvent, p: Paint): string | undefined {
  switch (event.type) {
    case 'fingerprint-mismatch':
      return `${event.refused ? p.red('error') : p.yellow('warning')}: the current plan (${event.actual.slice(0, 12)}) differs from the reviewed plan (${event.expected.slice(0, 12)})${event.refused ? '; nothing is applied' : '; applying the current plan'}`;
    case 'operation-done':
      return `${p.green('✓')} ${what(event.operation)} ${p.dim(`(${seconds(event.durationMs)})`)}`;
    case 'operation-failed':
      return `${p.red('✗')} ${what(event.operation)} ${p.dim(`(${seconds(event.durationMs)})`)}: ${termText(event.errors.join('; '))}`;
    case 'operation-skipped':
      return `${p.yellow('-')} ${what(event.operation)}: ${termText(event.reason)}`;
    default:
      return undefined;
  }
}

/** What an operation in flight is doing, in a few words. */
function activity(event: ApplyEvent): string | undefined {
  switch (event.type) {
    case 'operation-started':
      return 'starting';
    case 'step-started':
      return termText(`${event.step} ${event.target}`);
    case 'waiting': {
      const eta =
        event.etaMs !== undefined
          ? event.etaMs > 0
            ? `, about ${seconds(event.etaMs)} left`
            : ', taking longer than usual'
          : '';
      return termText(`waiting for ${event.target} (${event.status}) ${seconds(event.elapsedMs)}${eta}`);
    }
    case 'retried':
      return termText(`retrying after ${event.errorName} (attempt ${event.attempt + 1} in ${seconds(event.delayMs)})`);
    default:
      return undefined;
  }
}

// eslint-disable-next-line no-control-regex
const SGR = /\u001b\[[0-9;]*m/g;
const visibleLength = (line: string) => [...line.replace(SGR, '')].length;

/** The first `width` visible characters of a line with colour codes, colours reset at the end. */
function cut(line: string, width: number): string {
  let out = '';
  let visible = 0;
  for (const part of line.split(/(\u001b\[[0-9;]*m)/)) {
    if (SGR.test(part)) {
      SGR.lastIndex = 0;
      out += part;
      continue;
    }
    const chars = [...part];
    out += chars.slice(0, Math.max(0, width - visible)).join('');
    visible += chars.length;
    if (visible >= width) break;
  }
  return `${out}\u001b[0m`;
}

export interface ProgressDisplay {
  onEvent(event: ApplyEvent): void;
  /** Clears the live block (terminal) before the final table is printed. */
  finish(): void;
}

/**
 * Plain progress for logs (CI, pipes): one line when an operation starts, when it retries, every
 * 30 s of waiting, and when it ends.
 */
export function plainProgress(out: OutputStream, p: Paint): ProgressDisplay {
  const lastWaitReport = new Map<string, number>();
  return {
    onEvent(event) {
      const line = finalLine(event, p);
      if (line) return void out.write(`${line}\n`);
      if (event.type === 'operation-started') return void out.write(`${p.cyan('→')} ${what(event.operation)}\n`);
      if (event.type === 'retried')
        return void out.write(`  ${what(event.operation)}: ${activity(event)}: ${termText(event.message)}\n`);
      if (event.type === 'waiting') {
        const bucket = Math.floor(event.elapsedMs / 30_000);
        if (bucket > (lastWaitReport.get(event.operation.id) ?? 0)) {
          lastWaitReport.set(event.operation.id, bucket);
          out.write(`  ${what(event.operation)}: ${activity(event)}\n`);
        }
      }
    },
    finish() {},
  };
}

/**
 * A live display for terminals: finished operations scroll up as permanent lines; below them one line
 * per operation in flight (one per cluster at most) is redrawn in place on every event.
 */
export function liveProgress(out: OutputStream, p: Paint): ProgressDisplay {
  const active = new Map<string, string>(); // operation id → line
  let drawn = 0;
  // A line wider than the terminal wraps, and the cursor-up count would be off: cut live lines to fit.
  const columns = (out as { columns?: number }).columns;
  const fit = (line: string) => (columns && visibleLength(line) >= columns ? cut(line, columns - 1) : line);
  const redraw = (permanent?: string) => {
    let text = drawn > 0 ? `\u001b[${drawn}A\u001b[J` : '';
    if (permanent) text += `${permanent}\n`;
    const lines = [...active.values()].map(fit);
    text += lines.map(l => `${l}\n`).join('');
    drawn = lines.length;
    out.write(text);
  };
  return {
    onEvent(event) {
      const line = finalLine(event, p);
      if ('operation' in event) {
        if (line) active.delete(event.operation.id);
        else {
          const doing = activity(event);
          if (doing) active.set(event.operation.id, `${p.cyan('⠿')} ${what(event.operation)} ${p.dim(doing)}`);
        }
      }
      if (line || 'operation' in event) redraw(line);
    },
    finish() {
      active.clear();
      redraw();
    },
  };
}
