import { validateStatic, type Diagnostic, type ProfileSpec } from '@fargatekeeper/core';
import type { ProfileRequestSpec } from './api';

/**
 * The spec model of a proposed profile, as if parsed from `file` in the native format, so core's
 * validation and planning treat a portal request exactly like a spec from Git.
 */
export function profileRequestToSpec(
  request: ProfileRequestSpec,
  options: { file: string; region?: string },
): ProfileSpec {
  return {
    name: request.name,
    cluster: request.cluster,
    ...(options.region ? { region: options.region } : {}),
    ...(request.podExecutionRoleArn ? { podExecutionRoleArn: request.podExecutionRoleArn } : {}),
    subnets: [...request.subnets],
    selectors: request.selectors.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } })),
    tags: { ...(request.tags ?? {}) },
    source: { file: options.file, line: 1, column: 1, format: 'native', document: 0, fields: {} },
  };
}

const modelPrefixes = ['spec.eks-fargate.', 'spec.', 'metadata.'];

/**
 * The request field a diagnostic is about (`selectors[0].labels`, `name`, `podExecutionRoleArn`),
 * so a form can show core's findings next to the right input; undefined for findings about no field.
 */
export function requestFieldOf(diagnostic: Pick<Diagnostic, 'path'>): string | undefined {
  let path = diagnostic.path;
  if (!path) return undefined;
  for (const prefix of modelPrefixes) {
    if (path.startsWith(prefix)) {
      path = path.slice(prefix.length);
      break;
    }
  }
  return path;
}

/**
 * Core's static rules (the ones the Action enforces) applied to a proposed profile, next to the
 * cluster's `existing` specs when known (unique names, overlaps). Only findings about the proposal
 * are returned; live checks (subnets, role, quota) need the backend's `POST /plan`.
 */
export function validateProfileRequest(
  request: ProfileRequestSpec,
  options: { file?: string; region?: string; existing?: ProfileSpec[] } = {},
): Diagnostic[] {
  const file = options.file ?? 'request.yaml';
  const spec = profileRequestToSpec(request, { file, ...(options.region ? { region: options.region } : {}) });
  const diagnostics = validateStatic([...(options.existing ?? []), spec], {
    ...(options.region ? { defaultRegion: options.region } : {}),
  });
  return diagnostics.filter(d => d.source?.file === file);
}
