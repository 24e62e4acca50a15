import type { Diagnostic } from '../diagnostics';
import { termText } from './escape';

export interface DiagnosticsTextOptions {
  /** ANSI colours; front doors pass `true` only for a TTY (or when forced). */
  color: boolean;
}

const GROUPS: readonly { severity: Diagnostic['severity']; title: string; sgr: number }[] = [
  { severity: 'error', title: 'Errors', sgr: 31 },
  { severity: 'warning', title: 'Warnings', sgr: 33 },
  { severity: 'info', title: 'Notes', sgr: 34 },
];
const GRAY = 90;

/**
 * Findings for a terminal, the one format of `validate`, `plan` and `explain`: grouped by severity
 * (errors first, input order kept within a group), one line each with where it is (`file:line:column`,
 * else the cluster), the message, the field path and the code, then an indented hint (and a suggested
 * spec edit as YAML). Spec and AWS
 * text goes through termText. Groups are separated by a blank line; '' when there are none.
 */
export function renderDiagnosticsText(diagnostics: readonly Diagnostic[], options: DiagnosticsTextOptions): string {
  const paint = (sgr: number, text: string) => (options.color ? `\u001b[${sgr}m${text}\u001b[0m` : text);
  const t = termText;
  const groups: string[] = [];
  for (const { severity, title, sgr } of GROUPS) {
    const list = diagnostics.filter(d => d.severity === severity);
    if (list.length === 0) continue;
    const lines = [paint(sgr, `${title}:`)];
    for (const d of list) {
      const where = d.source
        ? `${t(d.source.file)}:${d.source.line}:${d.source.column}: `
        : d.cluster
          ? `${t(d.cluster)}: `
          : '';
      lines.push(`  ${where}${t(d.message)}${d.path ? ` (${t(d.path)})` : ''} ${paint(GRAY, `[${t(d.code)}]`)}`);
      if (d.hint) lines.push(`    hint: ${t(d.hint)}`);
      // A suggested spec edit, as the YAML to write (each line made terminal-safe).
      if (d.suggestion)
        lines.push(
          `    edit:`,
          ...d.suggestion.editedSpec
            .trimEnd()
            .split('\n')
            .map(l => `      ${t(l)}`),
        );
    }
    groups.push(lines.join('\n'));
  }
  return groups.length === 0 ? '' : `${groups.join('\n\n')}\n`;
}
