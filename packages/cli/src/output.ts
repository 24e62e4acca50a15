import type { Diagnostic } from '@fargatekeeper/core';
import type { CliIO } from './io';
import type { ParsedOptions } from './options';

/**
 * Colour on a terminal only: `--no-color` / `--color` win, then NO_COLOR (any non-empty value turns it
 * off, see no-color.org), then FORCE_COLOR (on unless `0` or `false`), then whether stdout is a TTY.
 */
export function useColor(options: ParsedOptions, io: CliIO): boolean {
  if (options.flag('no-color')) return false;
  if (options.flag('color')) return true;
  if (io.env.NO_COLOR) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return io.stdout.isTTY === true;
}

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  cyan(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plain = (s: string) => s;

export const paint = (color: boolean): Paint =>
  color
    ? {
        red: sgr(31, 39),
        yellow: sgr(33, 39),
        green: sgr(32, 39),
        cyan: sgr(36, 39),
        bold: sgr(1, 22),
        dim: sgr(2, 22),
      }
    : { red: plain, yellow: plain, green: plain, cyan: plain, bold: plain, dim: plain };

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Diagnostic['severity'], number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "2 errors, 1 warning" (info findings are counted only when there are some). */
export function severitySummary(diagnostics: readonly Diagnostic[]): string {
  const c = countBySeverity(diagnostics);
  const parts = [plural(c.error, 'error'), plural(c.warning, 'warning')];
  if (c.info) parts.push(`${c.info} info`);
  return parts.join(', ');
}
