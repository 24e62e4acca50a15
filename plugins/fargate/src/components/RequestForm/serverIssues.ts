import type { Diagnostic } from '@fargatekeeper/core';
import type { FieldError } from '@fargatekeeper/backstage-plugin-fargate-common';

/**
 * The findings a failed `POST /requests` carries in its error body (Backstage's error shape, see
 * `FargateErrorBody`): field errors of a 400, or core's diagnostics when validation refused the request.
 */
export function serverIssuesOf(error: unknown): Diagnostic[] {
  const body = (error as { body?: { error?: { fields?: FieldError[]; diagnostics?: Diagnostic[] } } } | undefined)
    ?.body;
  const fields = (body?.error?.fields ?? []).map((f): Diagnostic => ({
    severity: 'error',
    code: 'request.invalid-field',
    message: f.message,
    path: f.path,
  }));
  return [...fields, ...(body?.error?.diagnostics ?? [])];
}
