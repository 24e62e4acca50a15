import type { SourcePosition } from '../diagnostics';

/** A Fargate profile selector: a namespace (EKS wildcards `*` and `?` allowed) and optional labels. */
export interface Selector {
  namespace: string;
  labels: Record<string, string>;
}

export type SpecFormat = 'native' | 'instance-manager' | 'fargate-operator';

/** Position of one field of a spec, with its path inside the document as written (`spec.eks-fargate.subnets[1]`). */
export interface FieldSource extends SourcePosition {
  path?: string;
}

/**
 * Where a spec came from; `fields` maps field paths of the model (`subnets[1]`, `selectors[0].labels.app`)
 * to the position of their value, and `<path>#key` (e.g. `selectors[0].labels.app#key`) to the position of a
 * map entry's key. Keys that are not plain identifiers are quoted: `tags["kubernetes.io/team"]`.
 */
export interface SpecSource extends SourcePosition {
  format: SpecFormat;
  /** Index of the YAML document inside the file (0-based). */
  document: number;
  fields: Record<string, FieldSource>;
}

/**
 * One desired Fargate profile, whatever format it was written in. Every parser maps onto this model,
 * so validation, planning and rendering know nothing of formats.
 */
export interface ProfileSpec {
  /** `metadata.name`: unique per cluster, the stable identity of the spec. */
  name: string;
  cluster: string;
  /** AWS region of the cluster; undefined means the run's region. */
  region?: string;
  /** Undefined means fargatekeeper creates and owns a default pod execution role. */
  podExecutionRoleArn?: string;
  subnets: string[];
  selectors: Selector[];
  tags: Record<string, string>;
  /** A fixed EKS profile name instead of `<name>-<hash>` (replacements must then delete first). */
  profileName?: string;
  /** Name of an existing unmanaged profile this spec takes over. */
  adopt?: string;
  source: SpecSource;
}

/** Result of reading specs: every spec that parsed, and every problem found in every file. */
export interface ParseResult {
  specs: ProfileSpec[];
  diagnostics: import('../diagnostics').Diagnostic[];
}

/** Settings a run gives to specs that do not say them (fargate-operator specs name no cluster). */
export interface ParseOptions {
  defaultCluster?: string;
  defaultRegion?: string;
}

/** A file handed to the parser: the isomorphic core never reads the disk itself. */
export interface SpecFile {
  /** Path as it should appear in diagnostics (relative to the repository, e.g. `fargate/payments.yaml`). */
  path: string;
  content: string;
}
