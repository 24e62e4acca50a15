import type { Diagnostic, Severity } from '../diagnostics';
import { documentPathOf } from '../spec/formats';
import { specPosition } from '../spec/positions';
import type { ProfileSpec } from '../spec/types';

/**
 * Builds a diagnostic about one field of a spec (a model path, `selectors[0]`), at that field's
 * position when the parser recorded it (`key: true` prefers the key of a map entry), else at the spec
 * itself. Its `path` is the field's path in the document, as recorded or as the spec's format writes it.
 */
export function specDiagnostic(
  spec: ProfileSpec,
  severity: Severity,
  code: string,
  message: string,
  field?: string,
  options: { key?: boolean; hint?: string } = {},
): Diagnostic {
  const fields = spec.source?.fields ?? {};
  const position =
    field === undefined
      ? undefined
      : ((options.key ? fields[`${field}#key`] : undefined) ?? fields[field] ?? fields[`${field}#key`]);
  const source = position
    ? { file: position.file, line: position.line, column: position.column }
    : spec.source
      ? specPosition(spec)
      : undefined;
  const path = field === undefined ? undefined : documentPathOf(field, spec.source?.format, position);
  return {
    severity,
    code,
    message,
    ...(source ? { source } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(options.hint ? { hint: options.hint } : {}),
    cluster: spec.cluster,
    profile: spec.name,
  };
}
