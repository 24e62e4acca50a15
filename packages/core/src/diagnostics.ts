import { byString } from './order';

/** Where a diagnostic points: 1-based line and column in a spec file (path relative to the specs folder's parent as given). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding of parsing, validation, planning or applying. Codes are stable identifiers
 * (`spec.unknown-field`, `eks.too-many-selectors`, `live.subnet-public`, ...) that tests and
 * front doors may rely on; messages are for people.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** Position of the offending node, when it comes from a spec file. */
  source?: SourcePosition;
  /** Field path inside the document, e.g. `spec.selectors[0].labels`. */
  path?: string;
  /** A suggestion when the mistake is recognisable ("did you mean `namespace`?"). */
  hint?: string;
  cluster?: string;
  /** The spec's `metadata.name` or the EKS profile name the finding is about. */
  profile?: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean =>
  diagnostics.some(d => d.severity === 'error');

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order, the same on every machine: by file (those without one last), line, column, then severity, cluster, code and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      byString(a.source?.file ?? '\uffff', b.source?.file ?? '\uffff') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      byString(a.cluster ?? '', b.cluster ?? '') ||
      byString(a.code, b.code) ||
      byString(a.message, b.message),
  );
}
