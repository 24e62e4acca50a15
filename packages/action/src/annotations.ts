import * as core from '@actions/core';
import { relative, resolve } from 'node:path';
import { termText, visibleText, type Diagnostic } from '@fargatekeeper/core';

/**
 * One annotation per diagnostic, at its file, line and column, so problems show on the pull
 * request's "Files changed" tab: errors as errors, warnings as warnings, info as notices.
 * Paths are made relative to the workspace, which is what the runner matches annotations against.
 */
export function annotateDiagnostics(diagnostics: readonly Diagnostic[], workspace: string): void {
  for (const diagnostic of diagnostics) {
    const properties = annotationProperties(diagnostic, workspace);
    const message = annotationMessage(diagnostic);
    if (diagnostic.severity === 'error') core.error(message, properties);
    else if (diagnostic.severity === 'warning') core.warning(message, properties);
    else core.notice(message, properties);
  }
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
