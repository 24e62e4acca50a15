import type { Diagnostic } from '../../diagnostics';
import type { ObjectSchema } from '../schema';
import type { ParseOptions, ProfileSpec, SpecFormat } from '../types';

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
