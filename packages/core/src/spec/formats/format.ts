import type { Document } from 'yaml';
import type { Diagnostic, SourcePosition } from '../../diagnostics';
import { specNameMaxLength } from '../limits';
import type { ObjectSchema } from '../schema';
import type { ShapeContext } from '../shape';
import type { LeftToTool, ParseOptions, ProfileSpec, SpecFormat, SpecSource, ToolRole } from '../types';

/** The model fields a format fills; the parser adds `source`. */
export type SpecFields = Omit<ProfileSpec, 'source'>;

/** One spec format: how to recognise it, its schema, and how its documents map onto `ProfileSpec`. */
export interface FormatReader {
  format: SpecFormat;
  apiVersion: string;
  kind: string;
  title: string;
  schema: ObjectSchema;
  /** Before the shape check: a reason to pass over a document of this kind that is not a Fargate profile. */
  skip?(document: unknown): Diagnostic | undefined;
  /** Maps a shape-checked document onto the model, or explains why it cannot (as error diagnostics). */
  toSpec(document: any, options: ParseOptions): SpecFields | Diagnostic[];
  /**
   * Where a document names its cluster (absent: the run's `defaultCluster`), read whatever the shape
   * check says, so errors of a spec can name its cluster and the plan keeps just its profiles there.
   */
  clusterPath?: readonly string[];
  /** Model field paths (`selectors[0].namespace`) a document field fills, when it maps onto the model. */
  modelPath(documentPath: string): string | readonly string[] | undefined;
  /**
   * The inverse of `modelPath`: where a document of this format writes a model field, for findings
   * about a spec whose positions were not recorded; undefined when the format has no such field or
   * several ways to write it.
   */
  documentPath(modelPath: string): string | undefined;
}

/** The model field a model path starts with: `selectors` for `selectors[0].labels.app`. */
export const modelFieldOf = (modelPath: string): string => /^[^.[]*/.exec(modelPath)![0];

/** Drops the keys whose value is undefined, so specs compare and serialise cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const copySelectors = (selectors: { namespace: string; labels?: Record<string, string> }[]) =>
  selectors.map(s => ({ namespace: s.namespace, labels: { ...(s.labels ?? {}) } }));

/**
 * A format whose one document holds any number of profiles (an eksctl `ClusterConfig`, a
 * CloudFormation template, `terraform show -json`), recognised by its content. Each profile becomes
 * a spec of its own (or fails on its own), named after its EKS profile and adopting it.
 */
export interface ProfileSetReader {
  format: SpecFormat;
  title: string;
  recognises(document: Document.Parsed): boolean;
  /** The `apiVersion` and `kind` it is recognised by, if it has them (eksctl), for suggestions on a misspelt one. */
  kinds?: readonly { apiVersion: string; kind: string }[];
  /** What editors complete, for formats written by hand in YAML (eksctl); absent for generated ones. */
  schema?: ObjectSchema;
  /** Findings about the document as a whole go to `ctx.diagnostics`; with an error there, no profile of it is read. */
  read(document: Document.Parsed, ctx: ShapeContext, options: ParseOptions): ProfileSetReading;
}

export type ProfileSetReading =
  /** The document as a whole is wrong (`ctx.diagnostics` says why): none of its profiles is planned. */
  | { kind: 'failed'; cluster?: string }
  /** It holds no Fargate profile. */
  | { kind: 'skipped'; diagnostic: Diagnostic }
  | { kind: 'profiles'; profiles: ProfileReading[] };

/** One profile of a document: its spec, or its errors, with what it still says of itself. */
export interface ProfileReading {
  /** Where the profile starts in the document. */
  start: SourcePosition;
  name?: string;
  cluster?: string;
  /** Undefined when the profile has errors (they are among `diagnostics`). */
  spec?: SpecFields;
  diagnostics: Diagnostic[];
  fields: SpecSource['fields'];
}

/** What a migration document leaves to its tool (subnets, a role it made), or undefined when it says everything. */
export function leftToToolOf(subnets: boolean, role?: ToolRole): LeftToTool | undefined {
  return subnets || role ? { ...(subnets ? { subnets: true as const } : {}), ...(role ? { role } : {}) } : undefined;
}

/** A document of a format of many profiles that holds none: skipped, with an info saying so. */
export const skippedDocument = (message: string, source: SourcePosition): ProfileSetReading => ({
  kind: 'skipped',
  diagnostic: { severity: 'info', code: 'spec.skipped', message, source },
});

/**
 * A spec name (lowercase letters, digits and `-`, at most 63 characters) from an EKS profile name,
 * which may also hold capitals and `_` and be 100 characters long: the spec adopts the profile by its
 * exact name, so only the spec's own name is adapted.
 */
export function specNameFor(profileName: string): string {
  const name = profileName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, specNameMaxLength)
    .replace(/^-+|-+$/g, '');
  return name === '' ? 'profile' : name;
}
