import { quote } from '../quote';
import { obj, optional, required, str } from '../schema';
import {
  kubernetesMetadataSchema,
  roleArnSchema,
  selectorsSchema,
  statusSchema,
  subnetsSchema,
  tagsMapSchema,
} from './common';
import { compact, copySelectors, modelFieldOf, type FormatReader } from './format';

const apiVersion = 'jicomusic.com/v1';
/** Model fields written under `spec` with the same name. */
const underSpec = new Set(['podExecutionRoleArn', 'subnets', 'selectors', 'tags']);

/**
 * The kopf-based fargate-operator's `FargateProfile` (jicowan/fargate-operator): the operator found its
 * cluster from the node it ran on, so the resource names none and the run's `--cluster` supplies it.
 * The operator named the EKS profile exactly `metadata.name`, so the spec adopts that profile: migrating
 * takes the operator's profile over instead of leaving it beside a new one (where, first by name, it
 * would keep winning every pod).
 */
export const fargateOperatorFormat: FormatReader = {
  format: 'fargate-operator',
  apiVersion,
  kind: 'FargateProfile',
  title: 'fargate-operator FargateProfile',
  schema: obj(
    {
      apiVersion: required(str(undefined, { const: apiVersion })),
      kind: required(str(undefined, { const: 'FargateProfile' })),
      metadata: required(kubernetesMetadataSchema),
      spec: required(
        obj({
          subnets: required(subnetsSchema),
          podExecutionRoleArn: optional(roleArnSchema),
          selectors: required(selectorsSchema),
          tags: optional(tagsMapSchema),
        }),
      ),
      status: statusSchema,
    },
    'A FargateProfile of the kopf fargate-operator; the cluster comes from the run (`--cluster`).',
  ),
  toSpec(document, options) {
    if (!options.defaultCluster) {
      return [
        {
          severity: 'error',
          code: 'spec.cluster-unknown',
          message: `fargate-operator FargateProfile ${quote(document.metadata.name)} names no cluster and the run gives none`,
          path: 'metadata.name',
          hint: 'pass `--cluster NAME` (the cluster the operator ran in)',
        },
      ];
    }
    const spec = document.spec;
    return compact({
      name: document.metadata.name,
      cluster: options.defaultCluster,
      podExecutionRoleArn: spec.podExecutionRoleArn,
      subnets: [...spec.subnets],
      selectors: copySelectors(spec.selectors),
      tags: { ...(spec.tags ?? {}) },
      adopt: document.metadata.name,
    });
  },
  modelPath(path) {
    if (path === 'metadata.name') return ['name', 'adopt'];
    if (path.startsWith('spec.')) return path.slice('spec.'.length);
    if (path.startsWith('spec[')) return path.slice('spec'.length);
    return undefined;
  },
  // The cluster comes from the run, and the resource has no region or fixed profile name.
  documentPath(path) {
    if (path === 'name' || path === 'adopt') return 'metadata.name';
    return underSpec.has(modelFieldOf(path)) ? `spec.${path}` : undefined;
  },
};
