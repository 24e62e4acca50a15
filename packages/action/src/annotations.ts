import * as core from '@actions/core';
import { relative, resolve } from 'node:path';
import { termText, visibleText, type Diagnostic } from '@fargatekeeper/core';

/**
 * Annotations of one severity GitHub shows per step (10 errors, 10 warnings, 10 notices; 50 per job):
 * any more are dropped silently, so past it the last one shown says how many more the job summary holds.
 */
export const ANNOTATIONS_PER_SEVERITY = 10;

const SEVERITY_WORD: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * One annotation per diagnostic, at its file, line and column, so problems show on the pull
 * request's "Files changed" tab: errors as errors, warnings as warnings, info as notices.
 * Paths are made relative to the workspace, which is what the runner matches annotations against.
 * Past {@link ANNOTATIONS_PER_SEVERITY} of a severity, the first ones are emitted and one more of that
 * severity says how many are left (the job summary and the log have them all).
 */
export function annotateDiagnostics(diagnostics: readonly Diagnostic[], workspace: string): void {
  for (const severity of ['error', 'warning', 'info'] as const) {
    const all = diagnostics.filter(d => d.severity === severity);
    // The summary takes one of the places GitHub shows, or it would be the one dropped.
    const shown = all.length > ANNOTATIONS_PER_SEVERITY ? all.slice(0, ANNOTATIONS_PER_SEVERITY - 1) : all;
    for (const diagnostic of shown)
      annotate(severity, annotationMessage(diagnostic), annotationProperties(diagnostic, workspace));
    const rest = all.length - shown.length;
    if (rest > 0) {
      const more = `${rest} more ${SEVERITY_WORD[severity]}${rest === 1 ? '' : 's'}`;
      annotate(severity, `and ${more}: see the job summary`, { title: `fargatekeeper (${more})` });
    }
  }
}

function annotate(severity: Diagnostic['severity'], message: string, properties: core.AnnotationProperties): void {
  if (severity === 'error') core.error(message, properties);
  else if (severity === 'warning') core.warning(message, properties);
  else core.notice(message, properties);
}

export function annotationProperties(diagnostic: Diagnostic, workspace: string): core.AnnotationProperties {
  const where = diagnostic.cluster ? ` (${diagnostic.cluster})` : '';
  const properties: core.AnnotationProperties = { title: termText(`fargatekeeper ${diagnostic.code}${where}`) };
  if (diagnostic.source) {
    const { file, line, column } = diagnostic.source;
    properties.file = repositoryPath(file, workspace);
    properties.startLine = line;
    properties.startColumn = column;
  }
  return properties;
}

/**
 * A spec path as the repository knows it (`fargate/payments.yaml`): diagnostics carry paths relative to
 * the working directory (or absolute); annotations and links need them relative to the workspace.
 */
export const repositoryPath = (file: string, workspace: string): string =>
  relative(workspace, resolve(file)).split('\\').join('/');

/**
 * The message, field and hint of an annotation. The workflow command escapes only `%`, CR and LF, so
 * control and bidi characters from specs are made visible here (`\u202E`), or the log and the
 * "Files changed" tab would act on them or show the text reordered.
 */
export function annotationMessage(diagnostic: Diagnostic): string {
  const field = diagnostic.path ? ` [${diagnostic.path}]` : '';
  const hint = diagnostic.hint ? `\nHint: ${diagnostic.hint}` : '';
  return visibleText(`${diagnostic.message}${field}${hint}`);
}
