import type { Diagnostic } from '../../diagnostics';
import { eksLimits, eksNamePattern } from '../limits';
import { childPath } from '../paths';
import { quote } from '../quote';
import { any, ignored, list, obj, optional, required, str, union, type ObjectSchema } from '../schema';
import {
  clusterNameSchema,
  kubernetesMetadataSchema,
  roleArnSchema,
  selectorsSchema,
  statusSchema,
  subnetsSchema,
  tagsMapSchema,
} from './common';
import { compact, copySelectors, leftToToolOf, modelFieldOf, type FormatReader } from './format';
import { instanceManagerProfileName, instanceManagerRoleName } from './instanceManagerNames';

const apiVersion = 'instancemgr.keikoproj.io/v1alpha1';
/** instance-manager's provisioners: groups of the others are node groups, not Fargate profiles. */
const otherProvisioners = ['eks', 'eks-managed', 'eks-cf'];
const fargatePath = 'spec.eks-fargate';
const tagsPath = `${fargatePath}.tags`;
/** Model fields written under `spec.eks-fargate` with the same name (instance-manager has no region). */
const sameName = new Set(['podExecutionRoleArn', 'subnets', 'selectors']);

/** An InstanceGroup's metadata: its namespace is part of the name instance-manager gave its profile. */
const metadataSchema: ObjectSchema = obj(
  {
    ...kubernetesMetadataSchema.properties,
    namespace: required(
      str(
        'Namespace of the InstanceGroup: instance-manager named its profile after the cluster, this namespace and the name, so the spec adopts that profile.',
      ),
    ),
  },
  kubernetesMetadataSchema.description,
);

/**
 * keikoproj instance-manager `InstanceGroup` with `provisioner: eks-fargate`, read as users have it:
 * `tags` as a map or, as instance-manager's API types declare it, a list of maps whose entries are merged.
 * The spec adopts the profile instance-manager made for the group (see instanceManagerNames.ts), so
 * switching over takes that profile in place instead of creating a second one beside it. What the
 * group leaves to instance-manager is taken from that live profile: without `podExecutionRoleArn` the
 * role instance-manager made (`<profile>-role`, recognised by name), without `subnets` the ones EKS picked.
 */
export const instanceManagerFormat: FormatReader = {
  format: 'instance-manager',
  apiVersion,
  kind: 'InstanceGroup',
  title: 'instance-manager InstanceGroup (eks-fargate)',
  schema: obj(
    {
      apiVersion: required(str(undefined, { const: apiVersion })),
      kind: required(str(undefined, { const: 'InstanceGroup' })),
      metadata: required(metadataSchema),
      spec: required(
        obj({
          provisioner: required(
            str('Only `eks-fargate` groups are Fargate profiles; groups of other provisioners are skipped.', {
              enum: ['eks-fargate'],
            }),
          ),
          strategy: ignored(
            any('Upgrade strategy of node groups (ignored: Fargate profiles are replaced, not rolled).'),
          ),
          'eks-fargate': required(
            obj({
              clusterName: required(clusterNameSchema),
              podExecutionRoleArn: optional(roleArnSchema),
              subnets: optional(subnetsSchema),
              selectors: required(selectorsSchema),
              tags: optional(
                union(
                  [
                    tagsMapSchema,
                    list(tagsMapSchema, 'A list of tag maps whose entries are merged, e.g. `- team: payments`.'),
                  ],
                  'AWS tags of the profile: a map, or a list of single-entry maps.',
                ),
              ),
              fargateProfileName: optional(
                str(
                  'Not an instance-manager field (it names its profiles itself): a fixed EKS name, adopted instead of the one instance-manager derives.',
                  {
                    pattern: eksNamePattern,
                    maxLength: eksLimits.profileNameMaxLength,
                  },
                ),
              ),
            }),
          ),
        }),
      ),
      status: statusSchema,
    },
    'A keikoproj instance-manager InstanceGroup with the eks-fargate provisioner.',
  ),
  skip(document) {
    const provisioner = (document as { spec?: { provisioner?: unknown } } | null)?.spec?.provisioner;
    if (typeof provisioner !== 'string' || !otherProvisioners.includes(provisioner)) return undefined;
    const name = (document as { metadata?: { name?: unknown } }).metadata?.name;
    return {
      severity: 'info',
      code: 'spec.skipped',
      message: `skipped InstanceGroup${typeof name === 'string' ? ` ${quote(name)}` : ''}: provisioner \`${provisioner}\` makes nodes, not a Fargate profile`,
      path: 'spec.provisioner',
    };
  },
  toSpec(document) {
    const spec = document.spec['eks-fargate'];
    const tags = mergeTags(spec.tags);
    if (!('tags' in tags)) return tags.errors;
    const derived = instanceManagerProfileName(spec.clusterName, document.metadata.namespace, document.metadata.name);
    // EKS refuses names over 100 characters: instance-manager never made a profile for such a group.
    const made = derived.length <= eksLimits.profileNameMaxLength ? derived : undefined;
    const adopt = spec.fargateProfileName ?? made;
    return compact({
      name: document.metadata.name,
      cluster: spec.clusterName,
      podExecutionRoleArn: spec.podExecutionRoleArn,
      subnets: [...(spec.subnets ?? [])],
      selectors: copySelectors(spec.selectors),
      tags: tags.tags,
      profileName: spec.fargateProfileName,
      adopt,
      leftToTool: leftToToolOf(
        !spec.subnets,
        spec.podExecutionRoleArn || !made
          ? undefined
          : { tool: 'instance-manager', name: instanceManagerRoleName(made) },
      ),
    });
  },
  clusterPath: ['spec', 'eks-fargate', 'clusterName'],
  modelPath(path) {
    if (path === 'metadata.name') return ['name', 'adopt'];
    if (!path.startsWith(fargatePath)) return undefined;
    const rest = path.slice(fargatePath.length);
    if (rest === '.clusterName') return 'cluster';
    if (rest.startsWith('.fargateProfileName')) return 'profileName';
    const tagItem = /^\.tags\[\d+\](.*)$/.exec(rest);
    if (tagItem) return tagItem[1] ? `tags${tagItem[1]}` : undefined;
    return rest.startsWith('.') ? rest.slice(1) : undefined;
  },
  documentPath(path) {
    if (path === 'name' || path === 'adopt') return 'metadata.name';
    if (path === 'cluster') return `${fargatePath}.clusterName`;
    if (path === 'profileName') return `${fargatePath}.fargateProfileName`;
    if (path === 'tags') return tagsPath;
    // A tag is `tags.<key>` in a map but `tags[<item>].<key>` in a list of maps: which one, only the file says.
    return sameName.has(modelFieldOf(path)) ? `${fargatePath}.${path}` : undefined;
  },
};

type TagsInput = Record<string, string> | Record<string, string>[] | undefined;

/** instance-manager merges the entries of every list item; a `{key, value}` item is a recognisable mistake. */
function mergeTags(input: TagsInput): { tags: Record<string, string> } | { errors: Diagnostic[] } {
  if (!Array.isArray(input)) return { tags: { ...(input ?? {}) } };
  const tags: Record<string, string> = {};
  const errors: Diagnostic[] = [];
  input.forEach((item, index) => {
    const itemPath = childPath(tagsPath, index);
    const keys = Object.keys(item);
    if (keys.length === 2 && keys.includes('key') && keys.includes('value')) {
      errors.push({
        severity: 'error',
        code: 'spec.tag-key-value-item',
        message: `\`${itemPath}\` sets two tags named \`key\` and \`value\`: instance-manager merges the entries of each item`,
        path: itemPath,
        hint: `write ${quote(`- ${item.key}: ${item.value}`)}`,
      });
      return;
    }
    for (const key of keys) {
      if (key in tags) {
        errors.push({
          severity: 'error',
          code: 'spec.duplicate-tag',
          message: `tag ${quote(key)} is set more than once in \`${tagsPath}\``,
          path: childPath(itemPath, key),
          hint: 'keep one of them',
        });
      }
      tags[key] = item[key]!;
    }
  });
  return errors.length > 0 ? { errors } : { tags };
}
