import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { ignoredFieldsInfo, modelFieldsOf } from '../documentFields';
import { eksLimits, eksNamePattern } from '../limits';
import { childPath } from '../paths';
import { quote } from '../quote';
import { any, ignored, list, obj, optional, required, str, type ObjectSchema, type SchemaNode } from '../schema';
import { checkShape, invalid, positionOf, type ShapeContext } from '../shape';
import type { Selector, ToolRole } from '../types';
import {
  clusterNameSchema,
  regionSchema,
  roleArnSchema,
  selectorsSchema,
  subnetsSchema,
  tagsMapSchema,
} from './common';
import {
  compact,
  copySelectors,
  leftToToolOf,
  skippedDocument,
  specNameFor,
  type ProfileReading,
  type ProfileSetReader,
} from './format';

const apiVersion = 'eksctl.io/v1alpha5';
const kind = 'ClusterConfig';

/**
 * The role eksctl makes when neither the profile nor `iam.fargatePodExecutionRoleARN` names one: the
 * `FargatePodExecutionRole` of the stack `eksctl-<cluster>-cluster` (or `-fargate`), which CloudFormation
 * names `<stack>-FargatePodExecutionRole-<random>`, shortening the parts to fit IAM's 64 characters.
 */
const eksctlRole: ToolRole = { tool: 'eksctl', pattern: '^eksctl-.*-Fargate' };

interface EksctlProfile {
  name: string;
  podExecutionRoleARN?: string;
  selectors: { namespace: string; labels?: Record<string, string> }[];
  subnets?: string[];
  tags?: Record<string, string>;
}

interface EksctlConfig {
  metadata: { name: string; region?: string };
  iam?: { fargatePodExecutionRoleARN?: string };
}

const profileSchema = obj(
  {
    name: required(
      str('Name of the Fargate profile in EKS; the spec adopts the live profile of this name.', {
        pattern: eksNamePattern,
        maxLength: eksLimits.profileNameMaxLength,
      }),
    ),
    podExecutionRoleARN: optional(roleArnSchema),
    selectors: required(selectorsSchema),
    subnets: optional(subnetsSchema),
    tags: optional(tagsMapSchema),
    status: ignored(any('Written by `eksctl get fargateprofile` (ignored).')),
  },
  'A Fargate profile of the cluster, as eksctl creates it.',
);

const ignoredSection = (what: string) => ignored(any(`${what} (ignored: not a Fargate profile).`));

/** Every other section of a ClusterConfig (eksctl's `ClusterConfig` type): accepted, reported as ignored. */
const otherSections = [
  'upgradePolicy',
  'kubernetesNetworkConfig',
  'autoModeConfig',
  'remoteNetworkConfig',
  'iamIdentityMappings',
  'identityProviders',
  'accessConfig',
  'vpc',
  'addons',
  'addonsConfig',
  'privateCluster',
  'nodeGroups',
  'managedNodeGroups',
  'availabilityZones',
  'localZones',
  'cloudWatch',
  'secretsEncryption',
  'gitops',
  'karpenter',
  'outpost',
  'controlPlaneScalingConfig',
  'zonalShiftConfig',
  'kubeAPIServerConfig',
  'kubeSchedulerConfig',
  'kubeControllerManagerConfig',
  'capabilities',
  'status',
];

const metadataSchema = obj(
  {
    name: required(clusterNameSchema),
    region: optional(regionSchema),
    version: ignoredSection('Kubernetes version'),
    forceUpdateVersion: ignoredSection('Upgrade setting'),
    rollbackConfig: ignoredSection('Upgrade setting'),
    tags: ignored(
      any('Tags of the resources eksctl makes; eksctl gives Fargate profiles only their own `tags` (ignored).'),
    ),
    annotations: ignoredSection('Annotations'),
  },
  'The cluster: `name` is the EKS cluster of every profile, `region` its region.',
);

const iamSchema = obj(
  {
    fargatePodExecutionRoleARN: optional(
      str('The role of every profile that names none.', {
        pattern: roleArnSchema.pattern!,
        examples: roleArnSchema.examples!,
      }),
    ),
    serviceRoleARN: ignoredSection('Cluster role'),
    serviceRolePermissionsBoundary: ignoredSection('Cluster role'),
    fargatePodExecutionRolePermissionsBoundary: ignoredSection('Boundary of the role eksctl makes'),
    withOIDC: ignoredSection('IRSA setting'),
    serviceAccounts: ignoredSection('IRSA service accounts'),
    podIdentityAssociations: ignoredSection('Pod identities'),
    vpcResourceControllerPolicy: ignoredSection('Cluster policy'),
  },
  'IAM settings of the cluster; only the Fargate pod execution role matters here.',
);

const configSchema = (profiles: SchemaNode): ObjectSchema =>
  obj(
    {
      apiVersion: required(str(undefined, { const: apiVersion })),
      kind: required(str(undefined, { const: kind })),
      metadata: required(metadataSchema),
      iam: optional(iamSchema),
      fargateProfiles: optional(profiles),
      ...Object.fromEntries(otherSections.map(section => [section, ignoredSection('eksctl setting')])),
    },
    'An eksctl ClusterConfig: each of its `fargateProfiles` is a spec that adopts the live profile of its name.',
  );

/**
 * eksctl's `ClusterConfig` (`eksctl.io/v1alpha5`), read as users keep it for `eksctl create cluster -f`:
 * each entry of `fargateProfiles` becomes a spec named after the profile, in the cluster `metadata.name`
 * (and `metadata.region`), adopting the profile eksctl made under that exact name. What eksctl leaves
 * to others is taken from the live profile: without `podExecutionRoleARN` (and without
 * `iam.fargatePodExecutionRoleARN`) the role eksctl made, recognised by its name; without `subnets`
 * the private subnets EKS picked.
 */
export const eksctlFormat: ProfileSetReader = {
  format: 'eksctl',
  title: 'eksctl ClusterConfig (fargateProfiles)',
  schema: configSchema(list(profileSchema, 'The Fargate profiles of the cluster.')),
  kinds: [{ apiVersion, kind }],
  recognises: document =>
    isMap(document.contents) && document.get('apiVersion') === apiVersion && document.get('kind') === kind,
  read(document, ctx) {
    const start = positionOf(document.contents, ctx)!;
    const checked = checkShape(document.contents, configSchema(any()), '', ctx);
    const ignoredInfo = ignoredFieldsInfo(ctx, start);
    if (ignoredInfo) ctx.diagnostics.push(ignoredInfo);
    const clusterName = document.getIn(['metadata', 'name']);
    if (checked === invalid)
      return { kind: 'failed', ...(typeof clusterName === 'string' ? { cluster: clusterName } : {}) };
    const config = checked as EksctlConfig;
    const items = document.get('fargateProfiles', true) as Node | undefined;
    if (items !== undefined && !isSeq(items)) {
      ctx.diagnostics.push({
        severity: 'error',
        code: 'spec.wrong-type',
        message: '`fargateProfiles`: expected a list',
        path: 'fargateProfiles',
        ...(ctx.fields.fargateProfiles ? { source: ctx.fields.fargateProfiles } : {}),
      });
      return { kind: 'failed', cluster: config.metadata.name };
    }
    if (!items || items.items.length === 0) {
      return skippedDocument(
        `skipped ClusterConfig ${quote(config.metadata.name)}: it has no \`fargateProfiles\``,
        start,
      );
    }
    return {
      kind: 'profiles',
      profiles: items.items.map((item, index) => readProfile(item as Node, index, config, ctx)),
    };
  },
};

function readProfile(node: Node, index: number, config: EksctlConfig, documentCtx: ShapeContext): ProfileReading {
  const path = childPath('fargateProfiles', index);
  const ctx: ShapeContext = { ...documentCtx, diagnostics: [], fields: {}, ignored: [] };
  const start = positionOf(node, ctx) ?? documentCtx.fields.fargateProfiles!;
  const checked = checkShape(node, profileSchema, path, ctx);
  const ignoredInfo = ignoredFieldsInfo(ctx, start);
  if (ignoredInfo) ctx.diagnostics.push(ignoredInfo);
  const cluster = config.metadata.name;
  const clusterRole = config.iam?.fargatePodExecutionRoleARN;
  // The profile's own fields come last, so its role's position wins over the cluster's.
  const fields = modelFieldsOf({ ...documentCtx.fields, ...ctx.fields }, documentPath =>
    modelPathOf(documentPath, path),
  );
  if (checked === invalid) {
    const written = isMap(node) ? node.get('name', true) : undefined;
    const name =
      isScalar(written) && typeof written.value === 'string' && written.value !== ''
        ? specNameFor(written.value)
        : undefined;
    return { start, cluster, ...(name ? { name } : {}), diagnostics: ctx.diagnostics, fields };
  }
  const profile = checked as EksctlProfile;
  const role = profile.podExecutionRoleARN ?? clusterRole;
  const name = specNameFor(profile.name);
  const selectors: Selector[] = copySelectors(profile.selectors);
  return {
    start,
    name,
    cluster,
    diagnostics: ctx.diagnostics,
    fields,
    spec: compact({
      name,
      cluster,
      region: config.metadata.region,
      podExecutionRoleArn: role,
      subnets: [...(profile.subnets ?? [])],
      selectors,
      tags: { ...(profile.tags ?? {}) },
      adopt: profile.name,
      leftToTool: leftToToolOf(!profile.subnets, role ? undefined : eksctlRole),
    }),
  };
}

/** Model fields of the profile at `itemPath`: its own fields, and the cluster's name, region and role. */
function modelPathOf(documentPath: string, itemPath: string): string | readonly string[] | undefined {
  if (documentPath === 'metadata.name') return 'cluster';
  if (documentPath === 'metadata.region') return 'region';
  if (documentPath === 'iam.fargatePodExecutionRoleARN') return 'podExecutionRoleArn';
  if (!documentPath.startsWith(`${itemPath}.`)) return undefined;
  const rest = documentPath.slice(itemPath.length + 1);
  if (rest === 'name') return ['name', 'adopt'];
  if (rest === 'podExecutionRoleARN') return 'podExecutionRoleArn';
  return /^(selectors|subnets|tags)\b/.test(rest) ? rest : undefined;
}
