import { isMap, isScalar, type Document, type Node, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../diagnostics';
import { modelFieldsOf } from '../documentFields';
import { eksLimits, eksNamePattern } from '../limits';
import { childPath, joinPath, keySuffix, pathSegments } from '../paths';
import { quote } from '../quote';
import { any, list, map, obj, optional, required, str, type ObjectSchema, type SchemaNode } from '../schema';
import { checkShape, invalid, positionOf, type ShapeContext } from '../shape';
import type { Selector } from '../types';
import { IntrinsicResolver, isIntrinsicTag, type Template } from './cfnIntrinsics';
import { clusterNameSchema, roleArnSchema, subnetsSchema, tagValueSchema } from './common';
import {
  compact,
  leftToToolOf,
  skippedDocument,
  specNameFor,
  type ProfileReading,
  type ProfileSetReader,
} from './format';

const labelValueSchema = str('Label value; `*` and `?` wildcards allowed.', {
  minLength: 1,
  maxLength: eksLimits.labelValueMaxLength,
});
const profileNameSchema = str('Name of the profile in EKS; the spec adopts the live profile of this name.', {
  pattern: eksNamePattern,
  maxLength: eksLimits.profileNameMaxLength,
});
const keyValue = (value: SchemaNode, what: string) =>
  obj({ Key: required(str(`${what} key.`)), Value: required(value) }, `A ${what.toLowerCase()}.`);
const namespaceSchema = str('Kubernetes namespace of the pods; `*` and `?` wildcards allowed.');

/** What a profile resource of either type says, once checked. */
interface ProfileFields {
  cluster: string;
  profileName?: string;
  podExecutionRoleArn: string;
  subnets?: string[];
  selectors: Record<string, unknown>[];
  tags?: EntriesWritten;
}

/** Labels and tags: CloudFormation's `Key`/`Value` lists, or maps in CDK's `Config`. */
type EntriesWritten = Record<string, string> | { Key: string; Value: string }[] | undefined;

/** One resource type that makes a Fargate profile: where its properties are, their schema and names. */
interface ProfileType {
  /** Where, below the resource, the profile's properties are. */
  properties: readonly string[];
  schema: ObjectSchema;
  /** Property names of the model's fields, and of a selector's namespace and labels. */
  names: {
    cluster: string;
    profileName: string;
    role: string;
    subnets: string;
    selectors: string;
    tags: string;
    namespace: string;
    labels: string;
  };
}

/** `AWS::EKS::FargateProfile` (CloudFormation, CDK's `CfnFargateProfile` and its newer EKS module): labels and tags as `Key`/`Value` lists. */
const eksFargateProfile: ProfileType = {
  properties: ['Properties'],
  names: {
    cluster: 'ClusterName',
    profileName: 'FargateProfileName',
    role: 'PodExecutionRoleArn',
    subnets: 'Subnets',
    selectors: 'Selectors',
    tags: 'Tags',
    namespace: 'Namespace',
    labels: 'Labels',
  },
  schema: obj({
    ClusterName: required(clusterNameSchema),
    FargateProfileName: optional(profileNameSchema),
    PodExecutionRoleArn: required(roleArnSchema),
    Subnets: optional(subnetsSchema),
    Selectors: required(
      list(
        obj({ Namespace: required(namespaceSchema), Labels: optional(list(keyValue(labelValueSchema, 'Label'))) }),
        'Which pods run on Fargate.',
        { minItems: 1 },
      ),
    ),
    Tags: optional(list(keyValue(tagValueSchema, 'Tag'))),
  }),
};

/** CDK's `aws-eks` FargateProfile: a custom resource whose `Config` is the EKS API's CreateFargateProfile input. */
const cdkFargateProfile: ProfileType = {
  properties: ['Properties', 'Config'],
  names: {
    cluster: 'clusterName',
    profileName: 'fargateProfileName',
    role: 'podExecutionRoleArn',
    subnets: 'subnets',
    selectors: 'selectors',
    tags: 'tags',
    namespace: 'namespace',
    labels: 'labels',
  },
  schema: obj({
    clusterName: required(clusterNameSchema),
    fargateProfileName: optional(profileNameSchema),
    podExecutionRoleArn: required(roleArnSchema),
    subnets: optional(subnetsSchema),
    selectors: required(
      list(
        obj({ namespace: required(namespaceSchema), labels: optional(map(labelValueSchema)) }),
        'Which pods run on Fargate.',
        { minItems: 1 },
      ),
    ),
    tags: optional(map(tagValueSchema)),
  }),
};

const PROFILE_TYPES: ReadonlyMap<string, ProfileType> = new Map([
  ['AWS::EKS::FargateProfile', eksFargateProfile],
  ['Custom::AWSCDK-EKS-FargateProfile', cdkFargateProfile],
]);

/** The keys CloudFormation allows on a resource besides `Type` and `Properties`; none changes the profile. */
const resourceSchema = obj({
  Type: required(str()),
  Properties: required(any()),
  Condition: optional(any()),
  DependsOn: optional(any()),
  Metadata: optional(any()),
  DeletionPolicy: optional(any()),
  UpdateReplacePolicy: optional(any()),
  UpdatePolicy: optional(any()),
  CreationPolicy: optional(any()),
});

/**
 * CloudFormation templates, YAML or JSON, written by hand or synthesised by CDK: every
 * `AWS::EKS::FargateProfile` (and CDK's `Custom::AWSCDK-EKS-FargateProfile`) resource is a spec
 * named after its `FargateProfileName`, adopting the live profile of that name. Intrinsic functions
 * are resolved where the template alone says the value (see cfnIntrinsics.ts); the region is the run's.
 */
export const cloudFormationFormat: ProfileSetReader = {
  format: 'cloudformation',
  title: 'CloudFormation template (AWS::EKS::FargateProfile)',
  recognises: document =>
    isMap(document.contents) &&
    !document.has('apiVersion') &&
    (document.has('AWSTemplateFormatVersion') || isMap(document.get('Resources', true))),
  read(document, ctx) {
    dropShortFormWarnings(ctx);
    const resources = document.get('Resources', true) as Node | undefined;
    if (!isMap(resources)) {
      ctx.diagnostics.push({
        severity: 'error',
        code: 'spec.missing-field',
        message: 'the template has no `Resources` mapping',
        path: 'Resources',
        source: positionOf(resources ?? document.contents, ctx)!,
      });
      return { kind: 'failed' };
    }
    const template = templateOf(document, resources);
    const profiles = [...template.resources].flatMap(([id, resource]) => {
      const type = isMap(resource) ? PROFILE_TYPES.get(String(resource.get('Type'))) : undefined;
      return type && isMap(resource) ? [{ id, resource, type }] : [];
    });
    if (profiles.length === 0) {
      return skippedDocument(
        'skipped CloudFormation template: it has no `AWS::EKS::FargateProfile` resource',
        positionOf(document.contents, ctx)!,
      );
    }
    return {
      kind: 'profiles',
      profiles: profiles.map(({ id, resource, type }) => readResource(id, resource, type, template, ctx)),
    };
  },
};

function templateOf(document: Document.Parsed, resources: Node): Template {
  const entries = (node: unknown): [string, Node][] =>
    isMap(node)
      ? node.items.flatMap(p =>
          isScalar(p.key) && typeof p.key.value === 'string' ? [[p.key.value, p.value as Node]] : [],
        )
      : [];
  const mappings = document.get('Mappings', true) as Node | undefined;
  return {
    document,
    parameters: new Map(entries(document.get('Parameters', true))),
    ...(mappings ? { mappings } : {}),
    resources: new Map(entries(resources)),
  };
}

/** YAML warns of `!Ref` and the other short forms as unknown tags; in a template they are CloudFormation's. */
function dropShortFormWarnings(ctx: ShapeContext): void {
  const shortForm = /^Unresolved tag: (!\w+)/;
  const kept = ctx.diagnostics.filter(
    d => !(d.code === 'spec.yaml-warning' && isIntrinsicTag(shortForm.exec(d.message)?.[1])),
  );
  ctx.diagnostics.splice(0, ctx.diagnostics.length, ...kept);
}

function readResource(
  logicalId: string,
  resource: YAMLMap,
  type: ProfileType,
  template: Template,
  documentCtx: ShapeContext,
): ProfileReading {
  const resourcePath = childPath('Resources', logicalId);
  const propertiesPath = type.properties.reduce(childPath, resourcePath);
  const ctx: ShapeContext = { ...documentCtx, diagnostics: [], fields: {}, ignored: [] };
  const start = positionOf(resource, ctx) ?? positionOf(template.document.contents, ctx)!;
  const failed = (name?: string, cluster?: string): ProfileReading => ({
    start,
    ...(name ? { name } : {}),
    ...(cluster ? { cluster } : {}),
    diagnostics: ctx.diagnostics,
    fields: {},
  });
  if (checkShape(resource, resourceSchema, resourcePath, ctx) === invalid) return failed();
  if (resource.has('Condition')) {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'spec.cfn-condition',
      message: `resource \`${logicalId}\` has a \`Condition\`: whether the stack makes it is decided at deployment`,
      path: childPath(resourcePath, 'Condition'),
      source: ctx.fields[childPath(resourcePath, 'Condition') + keySuffix] ?? start,
      hint: 'remove the condition in the copy in the specs folder if the profile exists, or the resource if it does not',
    });
    return failed();
  }

  const resolver = new IntrinsicResolver(template, logicalId, propertiesPath);
  const properties = resolver.resolve(resource.getIn(type.properties, true) as Node | undefined, propertiesPath);
  for (const problem of resolver.problems) {
    ctx.diagnostics.push({
      severity: 'error',
      code: 'spec.cfn-unresolvable',
      message: problem.message,
      path: problem.path,
      source: positionOf(problem.node, ctx) ?? start,
      hint: problem.hint,
    });
  }
  const identity = identityOf(properties, type);
  if (resolver.problems.length > 0 || !isMap(properties)) return failed(identity.name, identity.cluster);

  const checked = checkShape(properties, type.schema, propertiesPath, ctx);
  if (checked === invalid) return failed(identity.name, identity.cluster);
  const n = type.names;
  const values = checked as Record<string, unknown>;
  const profile: ProfileFields = {
    cluster: values[n.cluster] as string,
    podExecutionRoleArn: values[n.role] as string,
    selectors: values[n.selectors] as ProfileFields['selectors'],
    ...(values[n.profileName] !== undefined ? { profileName: values[n.profileName] as string } : {}),
    ...(values[n.subnets] !== undefined ? { subnets: values[n.subnets] as string[] } : {}),
    ...(values[n.tags] !== undefined ? { tags: values[n.tags] as ProfileFields['tags'] } : {}),
  };
  if (profile.profileName === undefined) {
    ctx.diagnostics.push(
      generatedName(
        logicalId,
        resourcePath,
        ctx.fields[propertiesPath] ?? start,
        n.profileName,
        type === cdkFargateProfile,
      ),
    );
    return failed(undefined, profile.cluster);
  }

  const name = specNameFor(profile.profileName);
  const pairs: Diagnostic[] = [];
  const selectors: Selector[] = profile.selectors.map((s, i) => ({
    namespace: s[n.namespace] as string,
    labels: entriesOf(
      s[n.labels] as EntriesWritten,
      childPath(childPath(childPath(propertiesPath, n.selectors), i), n.labels),
      'label',
      pairs,
      ctx,
    ),
  }));
  const tags = entriesOf(profile.tags, childPath(propertiesPath, n.tags), 'tag', pairs, ctx);
  ctx.diagnostics.push(...pairs);
  const fields = modelFieldsOf(ctx.fields, (documentPath, key) =>
    modelPathOf(documentPath, key, propertiesPath, type, checked as Record<string, unknown>),
  );
  if (pairs.some(d => d.severity === 'error')) return { ...failed(name, profile.cluster), fields };
  return {
    start,
    name,
    cluster: profile.cluster,
    diagnostics: ctx.diagnostics,
    fields,
    spec: compact({
      name,
      cluster: profile.cluster,
      podExecutionRoleArn: profile.podExecutionRoleArn,
      subnets: [...(profile.subnets ?? [])],
      selectors,
      tags,
      adopt: profile.profileName,
      leftToTool: leftToToolOf(!profile.subnets),
    }),
  };
}

/** The profile's name and cluster when they resolved to texts, for a resource that fails (the plan keeps its profile). */
function identityOf(properties: unknown, type: ProfileType): { name?: string; cluster?: string } {
  if (!isMap(properties)) return {};
  const textAt = (key: string) => {
    const node = properties.get(key, true);
    return isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
  };
  const profileName = textAt(type.names.profileName);
  const cluster = textAt(type.names.cluster);
  return { ...(profileName ? { name: specNameFor(profileName) } : {}), ...(cluster ? { cluster } : {}) };
}

/** Without `FargateProfileName` CloudFormation (or CDK's handler) named the profile at deployment: no name to adopt it by. */
function generatedName(
  logicalId: string,
  resourcePath: string,
  source: Diagnostic['source'],
  property: string,
  cdk: boolean,
): Diagnostic {
  return {
    severity: 'error',
    code: 'spec.cfn-generated-name',
    message: `resource \`${logicalId}\` has no \`${property}\`: ${cdk ? "CDK's handler" : 'CloudFormation'} named the profile when the stack was deployed, so the template does not say which live profile to adopt`,
    path: childPath(resourcePath, 'Properties'),
    ...(source ? { source } : {}),
    hint: `write the live name as \`${property}\` in the copy in the specs folder (\`aws eks list-fargate-profiles --cluster-name CLUSTER\` lists them), or write native specs of the live profiles with \`fargatekeeper import\``,
  };
}

/** Labels or tags as a map, from CloudFormation's `Key`/`Value` list (a key given twice is an error) or a map (CDK's `Config`). */
function entriesOf(
  written: EntriesWritten,
  path: string,
  what: string,
  diagnostics: Diagnostic[],
  ctx: ShapeContext,
): Record<string, string> {
  if (!Array.isArray(written)) return { ...(written ?? {}) };
  const result: Record<string, string> = {};
  written.forEach(({ Key, Value }, index) => {
    if (Key in result) {
      const keyPath = childPath(childPath(path, index), 'Key');
      diagnostics.push({
        severity: 'error',
        code: 'spec.duplicate-key',
        message: `${what} ${quote(Key)} is set more than once in \`${path}\``,
        path: keyPath,
        ...(ctx.fields[keyPath] ? { source: ctx.fields[keyPath] } : {}),
        hint: 'keep one of them',
      });
    }
    result[Key] = Value;
  });
  return result;
}

/**
 * Model fields of a document path below a profile's properties (`key`: the position of its key). A
 * `Key`/`Value` item of labels or tags stands for the entry of its key: `Tags[1].Value` is
 * `tags.team`, and the value of `Tags[1].Key` the position of its key.
 */
function modelPathOf(
  documentPath: string,
  key: boolean,
  propertiesPath: string,
  type: ProfileType,
  values: Record<string, unknown>,
): string | readonly string[] | undefined {
  if (!documentPath.startsWith(`${propertiesPath}.`)) return undefined;
  const [property, ...rest] = pathSegments(documentPath.slice(propertiesPath.length + 1));
  const n = type.names;
  const entry = (base: string, written: unknown, below: readonly (string | number)[]): string | undefined => {
    if (!Array.isArray(written)) return joinPath(base, below);
    const [index, part] = below;
    if (index === undefined) return base;
    const entryKey = (written[index as number] as { Key?: string } | undefined)?.Key;
    // The `Key:` and `Value:` words themselves are no field of the model.
    if (entryKey === undefined || key) return undefined;
    return part === 'Key'
      ? childPath(base, entryKey) + keySuffix
      : part === 'Value'
        ? childPath(base, entryKey)
        : undefined;
  };
  switch (property) {
    case n.cluster:
      return rest.length === 0 ? 'cluster' : undefined;
    case n.profileName:
      return rest.length === 0 ? ['name', 'adopt'] : undefined;
    case n.role:
      return rest.length === 0 ? 'podExecutionRoleArn' : undefined;
    case n.subnets:
      return joinPath('subnets', rest);
    case n.tags:
      return entry('tags', values[n.tags], rest);
    case n.selectors: {
      const [index, field, ...below] = rest;
      if (index === undefined) return 'selectors';
      const base = childPath('selectors', index);
      if (field === undefined) return base;
      if (field === n.namespace) return `${base}.namespace`;
      const written = (values[n.selectors] as Record<string, unknown>[] | undefined)?.[index as number]?.[n.labels];
      return field === n.labels ? entry(`${base}.labels`, written, below) : undefined;
    }
    default:
      return undefined;
  }
}
