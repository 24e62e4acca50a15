import {
  eksLimits,
  eksNamePattern,
  managedTagKeys,
  namespacePattern,
  regionPattern,
  roleArnPattern,
  specNameMaxLength,
  specNamePattern,
  subnetIdPattern,
} from '../limits';
import { any, ignored, list, map, obj, optional, required, str, type ObjectSchema } from '../schema';

// Schema pieces shared by the formats: a Fargate profile has the same selectors, subnets and tags everywhere.

export const labelsSchema = map(
  str('Label value; `*` and `?` wildcards allowed.', { minLength: 1, maxLength: eksLimits.labelValueMaxLength }),
  `Pod labels the selector requires (at most ${eksLimits.labelsPerSelector}); keys and values may use the wildcards \`*\` and \`?\`.`,
  {
    keys: str(undefined, { minLength: 1, maxLength: eksLimits.labelKeyMaxLength }),
    maxProperties: eksLimits.labelsPerSelector,
  },
);

export const selectorSchema = obj(
  {
    namespace: required(
      str('Kubernetes namespace of the pods; `*` and `?` wildcards allowed.', {
        pattern: namespacePattern,
        maxLength: eksLimits.namespaceMaxLength,
        examples: ['payments', 'batch-*'],
      }),
    ),
    labels: optional(labelsSchema),
  },
  'A pod matches when it is in the namespace and carries every label.',
);

export const selectorsSchema = list(
  selectorSchema,
  `Which pods run on Fargate (1 to ${eksLimits.selectorsPerProfile} selectors).`,
  {
    minItems: 1,
    maxItems: eksLimits.selectorsPerProfile,
  },
);

export const subnetsSchema = list(
  str('Subnet id.', { pattern: subnetIdPattern, examples: ['subnet-1a2b3c4d'] }),
  "Private subnets of the cluster's VPC for the pods.",
  { minItems: 1 },
);

export const roleArnSchema = str(
  'IAM role the Fargate pods run with; omit it and fargatekeeper creates a default role.',
  {
    pattern: roleArnPattern,
    examples: ['arn:aws:iam::123456789012:role/fargate-pods'],
  },
);

export const tagValueSchema = str('Tag value (may be empty).', {
  minLength: 0,
  maxLength: eksLimits.tagValueMaxLength,
});

export const tagsMapSchema = map(
  tagValueSchema,
  `AWS tags of the profile (at most ${eksLimits.tagsPerResource - managedTagKeys.length}: fargatekeeper adds ${managedTagKeys.length} of its own, one more with \`deletionProtection\`).`,
  { keys: str(undefined, { minLength: 1, maxLength: eksLimits.tagKeyMaxLength }) },
);

export const clusterNameSchema = str('EKS cluster name.', {
  pattern: eksNamePattern,
  maxLength: eksLimits.clusterNameMaxLength,
});
export const regionSchema = str("AWS region of the cluster; defaults to the run's region.", {
  pattern: regionPattern,
  examples: ['eu-west-1'],
});

export const specNameSchema = str(
  'Unique per cluster; lowercase letters, digits and `-`. The EKS name is `<name>-<hash>`.',
  {
    pattern: specNamePattern,
    maxLength: specNameMaxLength,
  },
);

const setByKubernetes = ignored(any('Set by Kubernetes; present in exported resources (ignored).'));

/** Kubernetes object metadata as the migration formats carry it: only `name` matters. */
export const kubernetesMetadataSchema: ObjectSchema = obj(
  {
    name: required(specNameSchema),
    namespace: ignored(str('Kubernetes namespace of the custom resource (ignored).')),
    labels: ignored(map(str(), 'Labels of the custom resource (ignored).')),
    annotations: ignored(map(str(), 'Annotations of the custom resource (ignored).')),
    uid: setByKubernetes,
    resourceVersion: setByKubernetes,
    generation: setByKubernetes,
    creationTimestamp: setByKubernetes,
    finalizers: setByKubernetes,
    managedFields: setByKubernetes,
    selfLink: setByKubernetes,
    ownerReferences: setByKubernetes,
  },
  'Kubernetes object metadata; `name` becomes the spec name.',
);

export const statusSchema = ignored(any('Status written by the operator (ignored).'));
