import { isMap, type Document } from 'yaml';
import type { Diagnostic, SourcePosition } from '../diagnostics';
import { parseRoleArn } from '../account/trust';
import { eksLimits, eksNamePattern, regionPattern, roleArnPattern } from './limits';
import { keySuffix } from './paths';
import { quote } from './quote';
import { obj, optional, required, str, type ObjectSchema } from './schema';
import { checkShape, invalid, type ShapeContext } from './shape';
import type { ClusterSpec, SpecOutcome } from './types';

export const CLUSTER_API_VERSION = 'fargatekeeper.dev/v1';
export const CLUSTER_KIND = 'Cluster';
/** The `RoleSessionName` of a Cluster that names none: CloudTrail shows fargatekeeper as who acted. */
export const DEFAULT_SESSION_NAME = 'fargatekeeper';

/** STS's constraints on AssumeRole's parameters (its API reference). */
const accountIdPattern = '^\\d{12}$';
const externalIdPattern = '^[\\w+=,.@:\\/-]+$';
const sessionNamePattern = '^[\\w+=,.@-]+$';
const externalIdLength = { min: 2, max: 1224 };
const sessionNameLength = { min: 2, max: 64 };

export const clusterDocumentSchema: ObjectSchema = obj(
  {
    apiVersion: required(str(undefined, { const: CLUSTER_API_VERSION })),
    kind: required(str(undefined, { const: CLUSTER_KIND })),
    metadata: required(
      obj({
        name: required(
          str('EKS cluster name, as specs name it in `spec.cluster`.', {
            pattern: eksNamePattern,
            maxLength: eksLimits.clusterNameMaxLength,
          }),
        ),
      }),
    ),
    spec: required(
      obj({
        region: required(
          str('AWS region of the cluster; specs of the cluster that name no region take it.', {
            pattern: regionPattern,
            examples: ['eu-west-1'],
          }),
        ),
        accountId: required(
          str(
            '12-digit id of the AWS account the cluster is in; a run whose credentials land in another account refuses the cluster. Quote it: YAML reads unquoted digits as a number.',
            {
              pattern: accountIdPattern,
              examples: ['123456789012'],
            },
          ),
        ),
        roleArn: optional(
          str(
            "IAM role to assume from the run's base credentials to reach the account (omit it to use the base credentials, which must then be of `accountId`).",
            {
              pattern: roleArnPattern,
              examples: ['arn:aws:iam::123456789012:role/fargatekeeper'],
            },
          ),
        ),
        externalId: optional(
          str("`sts:ExternalId` the role's trust policy asks for (only with `roleArn`).", {
            pattern: externalIdPattern,
            minLength: externalIdLength.min,
            maxLength: externalIdLength.max,
          }),
        ),
        sessionName: optional(
          str(
            `Role session name CloudTrail shows for the run (only with \`roleArn\`; default \`${DEFAULT_SESSION_NAME}\`).`,
            {
              pattern: sessionNamePattern,
              minLength: sessionNameLength.min,
              maxLength: sessionNameLength.max,
            },
          ),
        ),
      }),
    ),
  },
  'Where an EKS cluster lives (region, account) and how fargatekeeper reaches it (a role to assume).',
);

/** Whether a document is a `Cluster` (by `apiVersion` and `kind`, as the spec formats are recognised). */
export function isClusterDocument(document: Document.Parsed): boolean {
  return (
    isMap(document.contents) &&
    text(document.get('apiVersion')) === CLUSTER_API_VERSION &&
    text(document.get('kind')) === CLUSTER_KIND
  );
}

const text = (value: unknown): string | undefined => (value == null || value === '' ? undefined : String(value));

interface ClusterDocumentShape {
  metadata: { name: string };
  spec: { region: string; accountId: string; roleArn?: string; externalId?: string; sessionName?: string };
}

/**
 * A `Cluster` document: shape-checked like a spec, then each field against what EKS and STS accept.
 * A failed one is a failed entry naming the cluster (when it says its name): deletes are held back
 * there, and its errors name the cluster, so apply leaves it alone.
 */
export function readClusterDocument(
  document: Document.Parsed,
  at: { file: string; document: number },
  ctx: ShapeContext,
  start: SourcePosition,
  name: string | undefined,
): SpecOutcome {
  const value = checkShape(document.contents, clusterDocumentSchema, '', ctx);
  const about = (d: Diagnostic): Diagnostic => (name && !d.cluster ? { ...d, cluster: name } : d);
  if (value !== invalid) ctx.diagnostics.push(...fieldProblems(value as ClusterDocumentShape, ctx, start));
  if (value === invalid || ctx.diagnostics.some(d => d.severity === 'error')) {
    return {
      status: 'failed',
      ...at,
      kind: CLUSTER_KIND,
      ...(name !== undefined ? { cluster: name } : {}),
      diagnostics: ctx.diagnostics.map(about),
    };
  }
  const { metadata, spec } = value as ClusterDocumentShape;
  const cluster: ClusterSpec = {
    name: metadata.name,
    region: spec.region,
    accountId: spec.accountId,
    ...(spec.roleArn !== undefined
      ? {
          role: {
            roleArn: spec.roleArn,
            ...(spec.externalId !== undefined ? { externalId: spec.externalId } : {}),
            sessionName: spec.sessionName ?? DEFAULT_SESSION_NAME,
          },
        }
      : {}),
    source: { ...start, document: at.document, fields: documentFields(ctx.fields) },
  };
  return { status: 'cluster', cluster, diagnostics: ctx.diagnostics.map(about) };
}

/** What the shape check leaves to the rules (patterns, lengths) and what only the fields together say. */
function fieldProblems(
  { metadata, spec }: ClusterDocumentShape,
  ctx: ShapeContext,
  start: SourcePosition,
): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (path: string) => ctx.fields[path] ?? start;
  const error = (path: string, code: string, message: string, hint?: string) =>
    problems.push({ severity: 'error', code, message, path, source: at(path), ...(hint ? { hint } : {}) });
  const mismatch = (path: string, value: string, pattern: string, what: string, hint?: string) => {
    if (!new RegExp(pattern).test(value))
      error(path, 'spec.invalid-value', `\`${path}\` ${quote(value)} is not ${what}`, hint);
  };
  mismatch(
    'metadata.name',
    metadata.name,
    eksNamePattern,
    'an EKS cluster name (letters, digits, `-` and `_`, starting with a letter or digit)',
  );
  if (metadata.name.length > eksLimits.clusterNameMaxLength) {
    error(
      'metadata.name',
      'spec.invalid-value',
      `\`metadata.name\` is longer than ${eksLimits.clusterNameMaxLength} characters, the most EKS allows for a cluster name`,
    );
  }
  mismatch('spec.region', spec.region, regionPattern, 'an AWS region', 'e.g. `eu-west-1`');
  mismatch(
    'spec.accountId',
    spec.accountId,
    accountIdPattern,
    'a 12-digit AWS account id',
    "write all 12 digits, quoted: `accountId: '012345678901'`",
  );
  if (spec.roleArn !== undefined) {
    const role = parseRoleArn(spec.roleArn);
    if (!role)
      error(
        'spec.roleArn',
        'spec.invalid-value',
        `\`spec.roleArn\` ${quote(spec.roleArn)} is not an IAM role ARN`,
        'e.g. `arn:aws:iam::123456789012:role/fargatekeeper`',
      );
    else if (/^\d{12}$/.test(spec.accountId) && role.accountId !== spec.accountId) {
      error(
        'spec.roleArn',
        'spec.cluster-account-conflict',
        `\`spec.roleArn\` is a role of account ${role.accountId}, but \`spec.accountId\` is ${spec.accountId}: the run would land in ${role.accountId} and refuse the cluster`,
        `name a role in account ${spec.accountId}, or correct \`spec.accountId\``,
      );
    }
  }
  for (const [field, value, pattern, length] of [
    ['externalId', spec.externalId, externalIdPattern, externalIdLength],
    ['sessionName', spec.sessionName, sessionNamePattern, sessionNameLength],
  ] as const) {
    if (value === undefined) continue;
    const path = `spec.${field}`;
    if (spec.roleArn === undefined) {
      error(
        path,
        'spec.cluster-without-role',
        `\`${path}\` is only used with \`spec.roleArn\`, which is not given`,
        'add `spec.roleArn`, or remove this field',
      );
    }
    if (value.length < length.min || value.length > length.max) {
      error(
        path,
        'spec.invalid-value',
        `\`${path}\` must be ${length.min} to ${length.max} characters long (STS AssumeRole), not ${value.length}`,
      );
    } else {
      mismatch(
        path,
        value,
        pattern,
        `accepted by STS AssumeRole (letters, digits and ${field === 'externalId' ? '`_+=,.@:/-`' : '`_+=,.@-`'})`,
      );
    }
  }
  return problems;
}

/** The positions of the document's values (keys' positions are left out: findings point at values). */
function documentFields(fields: Record<string, SourcePosition>): Record<string, SourcePosition> {
  return Object.fromEntries(Object.entries(fields).filter(([path]) => path !== '' && !path.endsWith(keySuffix)));
}
