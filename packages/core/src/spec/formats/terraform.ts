import { isMap, isScalar, isSeq, Pair, YAMLMap, YAMLSeq, type Document, type Node } from 'yaml';
import type { Diagnostic, SourcePosition } from '../../diagnostics';
import { modelFieldsOf } from '../documentFields';
import { eksLimits, eksNamePattern, regionPattern } from '../limits';
import { childPath, joinPath, pathSegments } from '../paths';
import { quote } from '../quote';
import { list, map, obj, optional, required, str } from '../schema';
import { checkShape, invalid, positionOf, type ShapeContext } from '../shape';
import { clusterNameSchema, labelsSchema, roleArnSchema, tagValueSchema } from './common';
import {
  compact,
  leftToToolOf,
  skippedDocument,
  specNameFor,
  type ProfileReading,
  type ProfileSetReader,
} from './format';

const RESOURCE_TYPE = 'aws_eks_fargate_profile';

/** The attributes of `aws_eks_fargate_profile` that describe the profile; the others (`id`, `status`, `timeouts`, ...) are Terraform's. */
const valuesSchema = obj({
  cluster_name: required(clusterNameSchema),
  fargate_profile_name: required(
    str('Name of the profile in EKS.', { pattern: eksNamePattern, maxLength: eksLimits.profileNameMaxLength }),
  ),
  pod_execution_role_arn: required(roleArnSchema),
  subnet_ids: optional(list(str('Subnet id.'))),
  selector: required(
    list(obj({ namespace: required(str('Kubernetes namespace.')), labels: optional(labelsSchema) }), 'Selectors.', {
      minItems: 1,
    }),
  ),
  tags: optional(map(tagValueSchema)),
  tags_all: optional(map(tagValueSchema)),
  region: optional(str('Region (AWS provider 6 and later).', { pattern: regionPattern })),
  arn: optional(str('ARN of the profile.')),
});

interface ProfileValues {
  cluster_name: string;
  fargate_profile_name: string;
  pod_execution_role_arn: string;
  subnet_ids?: string[];
  selector: { namespace: string; labels?: Record<string, string> }[];
  tags?: Record<string, string>;
  tags_all?: Record<string, string>;
  region?: string;
  arn?: string;
}

/** Where `terraform show -json` puts the resources: a state's `values`, a saved plan's `planned_values`. */
type Source = { key: 'values'; what: 'state' } | { key: 'planned_values'; what: 'plan' };

/**
 * `terraform show -json`, of the state or of a saved plan: every managed `aws_eks_fargate_profile`
 * resource, in the root module and every child module, is a spec named after its
 * `fargate_profile_name`, adopting the live profile of that name. A state gives the values Terraform
 * last read (`values`); a plan gives the values it would leave (`planned_values`), so a value known
 * only after apply is an error. The tags are `tags_all` (the provider's `default_tags` included: what
 * the live profile carries); the region is the resource's `region` or its ARN's, else the run's.
 */
export const terraformFormat: ProfileSetReader = {
  format: 'terraform',
  title: 'terraform show -json (aws_eks_fargate_profile)',
  recognises: document =>
    isMap(document.contents) &&
    !document.has('apiVersion') &&
    document.has('format_version') &&
    (document.has('terraform_version') || document.has('values') || document.has('planned_values')),
  read(document, ctx) {
    const version = document.get('format_version');
    if (typeof version !== 'string' || !version.startsWith('1.')) {
      ctx.diagnostics.push({
        severity: 'error',
        code: 'spec.invalid-value',
        message: `\`format_version\` ${quote(String(version))} is not a version of Terraform's JSON output fargatekeeper reads (1.x)`,
        path: 'format_version',
        source: positionOf(document.get('format_version', true) as Node, ctx)!,
      });
      return { kind: 'failed' };
    }
    const source: Source = document.has('values')
      ? { key: 'values', what: 'state' }
      : { key: 'planned_values', what: 'plan' };
    const resources = managedProfiles(document, source);
    if (resources.length === 0) {
      return skippedDocument(
        `skipped Terraform ${source.what}: it has no \`${RESOURCE_TYPE}\` resource`,
        positionOf(document.contents, ctx)!,
      );
    }
    return { kind: 'profiles', profiles: resources.map(r => readResource(r, source, ctx)) };
  },
};

interface FoundResource {
  node: YAMLMap;
  path: string;
  address: string;
}

/** The managed profiles of every module, depth first in document order; objects a replacement is destroying (`deposed`) are not the profile. */
function managedProfiles(document: Document.Parsed, source: Source): FoundResource[] {
  const found: FoundResource[] = [];
  const modules: { node: unknown; path: string }[] = [
    { node: document.getIn([source.key, 'root_module'], true), path: `${source.key}.root_module` },
  ];
  while (modules.length > 0) {
    const { node, path } = modules.shift()!;
    if (!isMap(node)) continue;
    const resources = node.get('resources', true);
    if (isSeq(resources)) {
      resources.items.forEach((resource, index) => {
        if (
          !isMap(resource) ||
          resource.get('type') !== RESOURCE_TYPE ||
          resource.get('mode') !== 'managed' ||
          resource.has('deposed')
        )
          return;
        const address = resource.get('address');
        found.push({
          node: resource,
          path: childPath(childPath(path, 'resources'), index),
          address: typeof address === 'string' ? address : RESOURCE_TYPE,
        });
      });
    }
    const children = node.get('child_modules', true);
    if (isSeq(children))
      children.items.forEach((child, index) =>
        modules.push({ node: child, path: childPath(childPath(path, 'child_modules'), index) }),
      );
  }
  return found;
}

function readResource(resource: FoundResource, source: Source, documentCtx: ShapeContext): ProfileReading {
  const ctx: ShapeContext = { ...documentCtx, diagnostics: [], fields: {}, ignored: [] };
  const start = positionOf(resource.node, ctx)!;
  const valuesPath = childPath(resource.path, 'values');
  const values = profileAttributes(resource.node.get('values', true) as Node | undefined);
  const about = (d: Diagnostic): Diagnostic => ({ ...d, message: `\`${resource.address}\`: ${d.message}` });
  const unknown = source.what === 'plan' && isMap(values) ? unknownAfterApply(values, valuesPath, start) : [];
  const checked = unknown.length > 0 ? invalid : checkShape(values, valuesSchema, valuesPath, ctx);
  const diagnostics = [...unknown, ...ctx.diagnostics].map(about);
  const named = isMap(values) ? values.get('fargate_profile_name') : undefined;
  const clusterNamed = isMap(values) ? values.get('cluster_name') : undefined;
  if (checked === invalid) {
    return {
      start,
      ...(typeof named === 'string' && named !== '' ? { name: specNameFor(named) } : {}),
      ...(typeof clusterNamed === 'string' && clusterNamed !== '' ? { cluster: clusterNamed } : {}),
      diagnostics,
      fields: {},
    };
  }
  const profile = checked as ProfileValues;
  const tagsKey = profile.tags_all !== undefined ? 'tags_all' : 'tags';
  const subnets = profile.subnet_ids ?? [];
  const name = specNameFor(profile.fargate_profile_name);
  return {
    start,
    name,
    cluster: profile.cluster_name,
    diagnostics,
    fields: modelFieldsOf(ctx.fields, documentPath => modelPathOf(documentPath, valuesPath, tagsKey)),
    spec: compact({
      name,
      cluster: profile.cluster_name,
      region: profile.region ?? regionOfArn(profile.arn),
      podExecutionRoleArn: profile.pod_execution_role_arn,
      subnets: [...subnets],
      selectors: profile.selector.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } })),
      tags: { ...(profile[tagsKey] ?? {}) },
      adopt: profile.fargate_profile_name,
      leftToTool: leftToToolOf(subnets.length === 0),
    }),
  };
}

/**
 * The attributes that describe the profile (the others, `id`, `status`, `timeouts`, ..., depend on
 * the provider's version, so they are not checked), without JSON nulls, Terraform's "not set".
 */
function profileAttributes(values: Node | undefined): Node | undefined {
  const copy = withoutNulls(values);
  if (isMap(copy))
    copy.items = copy.items.filter(p => isScalar(p.key) && Object.hasOwn(valuesSchema.properties, String(p.key.value)));
  return copy;
}

/** In a plan, a required attribute that is absent from `planned_values` is known only after apply. */
function unknownAfterApply(values: YAMLMap, valuesPath: string, start: SourcePosition): Diagnostic[] {
  return ['cluster_name', 'fargate_profile_name', 'pod_execution_role_arn']
    .filter(attribute => !values.has(attribute))
    .map(attribute => ({
      severity: 'error',
      code: 'spec.tf-unknown',
      message: `\`${attribute}\` is known only after Terraform applies the plan`,
      path: childPath(valuesPath, attribute),
      source: start,
      hint: 'read the state instead (`terraform show -json` without a plan file), once the profile exists',
    }));
}

/** A copy without the entries whose value is null. */
function withoutNulls(node: Node | undefined): Node | undefined {
  const isNull = (value: unknown) => value == null || (isScalar(value) && value.value === null);
  if (isMap(node)) {
    const copy = new YAMLMap();
    copy.range = node.range;
    copy.items = node.items.filter(p => !isNull(p.value)).map(p => new Pair(p.key, withoutNulls(p.value as Node)));
    return copy;
  }
  if (isSeq(node)) {
    const copy = new YAMLSeq();
    copy.range = node.range;
    copy.items = node.items.map(item => withoutNulls(item as Node));
    return copy;
  }
  return node;
}

/** `arn:aws:eks:eu-west-1:123456789012:fargateprofile/...` → `eu-west-1`. */
function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn?.split(':')[3];
  return region && new RegExp(regionPattern).test(region) ? region : undefined;
}

function modelPathOf(
  documentPath: string,
  valuesPath: string,
  tagsKey: 'tags' | 'tags_all',
): string | readonly string[] | undefined {
  if (!documentPath.startsWith(`${valuesPath}.`)) return undefined;
  const [attribute, ...rest] = pathSegments(documentPath.slice(valuesPath.length + 1));
  switch (attribute) {
    case 'cluster_name':
      return 'cluster';
    case 'fargate_profile_name':
      return ['name', 'adopt'];
    case 'pod_execution_role_arn':
      return 'podExecutionRoleArn';
    case 'region':
      return 'region';
    case 'subnet_ids':
      return joinPath('subnets', rest);
    case 'selector':
      return joinPath('selectors', rest);
    default:
      return attribute === tagsKey ? joinPath('tags', rest) : undefined;
  }
}
