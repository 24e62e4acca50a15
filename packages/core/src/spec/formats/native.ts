import { eksNamePattern, eksLimits } from '../limits';
import { bool, obj, optional, required, str } from '../schema';
import {
  clusterNameSchema,
  regionSchema,
  roleArnSchema,
  selectorsSchema,
  specNameSchema,
  subnetsSchema,
  tagsMapSchema,
} from './common';
import { compact, copySelectors, modelFieldOf, type FormatReader } from './format';

const profileNameSchema = str(
  'A fixed EKS profile name instead of `<name>-<hash>` (changes then replace delete-first).',
  {
    pattern: eksNamePattern,
    maxLength: eksLimits.profileNameMaxLength,
  },
);

/** Model fields written under `spec` with the same name. */
const underSpec = new Set([
  'cluster',
  'region',
  'podExecutionRoleArn',
  'subnets',
  'selectors',
  'tags',
  'profileName',
  'adopt',
  'deletionProtection',
]);

/** fargatekeeper's own format (DESIGN.md). */
export const nativeFormat: FormatReader = {
  format: 'native',
  apiVersion: 'fargatekeeper.dev/v1',
  kind: 'FargateProfile',
  title: 'fargatekeeper FargateProfile',
  schema: obj(
    {
      apiVersion: required(str(undefined, { const: 'fargatekeeper.dev/v1' })),
      kind: required(str(undefined, { const: 'FargateProfile' })),
      metadata: required(obj({ name: required(specNameSchema) })),
      spec: required(
        obj({
          cluster: required(clusterNameSchema),
          region: optional(regionSchema),
          podExecutionRoleArn: optional(roleArnSchema),
          subnets: required(subnetsSchema),
          selectors: required(selectorsSchema),
          tags: optional(tagsMapSchema),
          profileName: optional(profileNameSchema),
          adopt: optional(
            str('Name of an existing profile not managed by fargatekeeper that this spec takes over.', {
              pattern: eksNamePattern,
              maxLength: eksLimits.profileNameMaxLength,
            }),
          ),
          deletionProtection: optional(
            bool(
              'Refuse to delete or replace this profile (a removed spec, a change of an immutable field) until an earlier merge sets it to false.',
            ),
          ),
        }),
      ),
    },
    "A Fargate profile in fargatekeeper's own format.",
  ),
  toSpec(document) {
    const spec = document.spec;
    return compact({
      name: document.metadata.name,
      cluster: spec.cluster,
      region: spec.region,
      podExecutionRoleArn: spec.podExecutionRoleArn,
      subnets: [...spec.subnets],
      selectors: copySelectors(spec.selectors),
      tags: { ...(spec.tags ?? {}) },
      profileName: spec.profileName,
      adopt: spec.adopt,
      // Only `true` is kept: an absent field and `false` mean the same.
      deletionProtection: spec.deletionProtection === true ? true : undefined,
    });
  },
  clusterPath: ['spec', 'cluster'],
  modelPath(path) {
    if (path === 'metadata.name') return 'name';
    if (path.startsWith('spec.')) return path.slice('spec.'.length);
    if (path.startsWith('spec[')) return path.slice('spec'.length);
    return undefined;
  },
  documentPath(path) {
    if (path === 'name') return 'metadata.name';
    return underSpec.has(modelFieldOf(path)) ? `spec.${path}` : undefined;
  },
};
