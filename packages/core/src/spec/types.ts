import type { Diagnostic, SourcePosition } from '../diagnostics';
import type { AssumeRoleTarget } from '../account/types';

/** A Fargate profile selector: a namespace (EKS wildcards `*` and `?` allowed) and optional labels. */
export interface Selector {
  namespace: string;
  labels: Record<string, string>;
}

export type SpecFormat = 'native' | 'instance-manager' | 'fargate-operator' | 'eksctl' | 'cloudformation' | 'terraform';

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
  /** Refuse deleting or replacing the profile until an earlier run lifted it (the live profile's protected tag is gone). */
  deletionProtection?: true;
  /** What the migrated document leaves to the tool that made the profile; the plan takes it from that profile. */
  leftToTool?: LeftToTool;
  source: SpecSource;
}

/**
 * Fields a migration document does not state because the tool that made the profile chose them
 * (eksctl makes a pod execution role, EKS gives a profile without subnets the cluster's private
 * ones). The plan takes them from the live profile the spec manages, else from the one it adopts:
 * the spec then describes that profile as it is, and adopting it changes only its tags.
 */
export interface LeftToTool {
  /** The document names no subnets: the profile has the ones EKS picked. */
  subnets?: true;
  /**
   * The document names no role: the tool made one, recognised by its exact name or by a pattern (a
   * name CloudFormation generated). A live role that is not recognised is not taken: the spec gets
   * fargatekeeper's default role, and the plan says why.
   */
  role?: ToolRole;
}

export type ToolRole = { tool: string; name: string } | { tool: string; pattern: string };

/**
 * A document that did not give a spec: what could still be read of it, so a plan never takes its
 * profiles for removed. With a name, that spec's live profiles are kept (in `cluster` when known, else
 * in every cluster); without one, deletes are held back in `cluster`, or in every cluster.
 */
export interface FailedSpec {
  /** The spec file; the specs folder itself when it could not be read at all (`loadSpecs`). */
  file: string;
  /** Index of the YAML document inside the file (0-based); undefined when the file itself failed. */
  document?: number;
  name?: string;
  cluster?: string;
  /** `Cluster` when the document declares a cluster: then `cluster` is its name, and its specs are not planned either. */
  kind?: 'Cluster';
  /** Its errors (and any other finding of the document). */
  diagnostics: Diagnostic[];
}

/** A document that is deliberately not a spec (an instance-manager InstanceGroup of another provisioner). */
export interface SkippedSpec {
  file: string;
  document: number;
  /** Why, as an info diagnostic. */
  diagnostic: Diagnostic;
}

/** Where a `Cluster` document was written; `fields` maps its document paths (`spec.accountId`) to positions. */
export interface ClusterSource extends SourcePosition {
  /** Index of the YAML document inside the file (0-based). */
  document: number;
  fields: Record<string, SourcePosition>;
}

/**
 * A `kind: Cluster` document: where an EKS cluster lives and how a run reaches it. Specs of the
 * cluster are planned and applied in `accountId`, through `role` when it names one (assumed from the
 * run's base credentials), else with the base credentials, which must then be of `accountId`.
 */
export interface ClusterSpec {
  /** `metadata.name`: the EKS cluster name, as specs name it in `spec.cluster`. */
  name: string;
  region: string;
  /** The 12-digit account id the cluster is in; a run that lands elsewhere refuses the cluster. */
  accountId: string;
  role?: AssumeRoleTarget;
  source: ClusterSource;
}

/** What one document of a spec file gave. */
export type SpecOutcome =
  | { status: 'parsed'; spec: ProfileSpec; diagnostics: Diagnostic[] }
  | { status: 'cluster'; cluster: ClusterSpec; diagnostics: Diagnostic[] }
  | ({ status: 'failed' } & FailedSpec)
  | ({ status: 'skipped' } & SkippedSpec);

/**
 * Result of reading specs: every spec that parsed, every document that failed or was skipped, and
 * every problem found in every file (sorted): the findings the outcomes carry, plus those about a file
 * as a whole (an empty file, a folder without spec files).
 */
export interface ParseResult {
  specs: ProfileSpec[];
  /** The `Cluster` documents that parsed, each (name, region) once; their specs took their region. */
  clusters: ClusterSpec[];
  failed: FailedSpec[];
  skipped: SkippedSpec[];
  diagnostics: Diagnostic[];
}

/** Settings a run gives to specs that do not say them (fargate-operator specs name no cluster). */
export interface ParseOptions {
  defaultCluster?: string;
  defaultRegion?: string;
  /**
   * At most this many (non-empty) documents in one run, over all files (default 50,000): the
   * document that passes it is an error, and nothing after it is read.
   */
  maxSpecs?: number;
}

/** A file handed to the parser: the isomorphic core never reads the disk itself. */
export interface SpecFile {
  /** Path as it should appear in diagnostics (relative to the repository, e.g. `fargate/payments.yaml`). */
  path: string;
  content: string;
}
