import { byString } from './order';
import type { Selector } from './spec/types';

/** Where a diagnostic points: 1-based line and column in a spec file (path relative to the specs folder's parent as given). */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One finding of parsing, validation, planning or applying. Codes are stable identifiers
 * (`spec.unknown-field`, `eks.too-many-selectors`, `live.subnet-public`, ...) that tests and
 * front doors may rely on; messages are for people.
 */
export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  /** Position of the offending node, when it comes from a spec file. */
  source?: SourcePosition;
  /**
   * The field the finding is about, as its path in the spec document, written in that document's own
   * format: `spec.selectors[0].labels.app` (native), `spec.eks-fargate.clusterName` (instance-manager),
   * `metadata.name`. Dots between keys, 0-based `[n]` for list items, `["..."]` for keys that are not
   * plain identifiers (`spec.tags["kubernetes.io/team"]`); a finding about a map entry's key has the
   * entry's path. Never a path of the `ProfileSpec` model (`selectors[0]`). Absent when the finding is
   * about no field of a document (a whole document or file, a live profile, a cluster) or when the field
   * has no place in the document (a fargate-operator spec's cluster comes from the run).
   */
  path?: string;
  /** A suggestion when the mistake is recognisable ("did you mean `namespace`?"). */
  hint?: string;
  cluster?: string;
  /** The spec's `metadata.name` or the EKS profile name the finding is about. */
  profile?: string;
  /** A change to the specs that resolves the finding, as data a front door can offer (and the hint says in words). */
  suggestion?: Suggestion;
}

/** The fixes fargatekeeper can propose; a closed list: switch on `kind`. */
export type Suggestion = JoinSuggestion;

/**
 * A new spec does not fit the cluster's profile quota, but an existing managed profile has the same pod
 * execution role and subnets and room for its selectors: add them to that profile's spec instead of
 * creating a profile. The existing profile is then replaced (its selectors are immutable in EKS), and
 * at the quota the old one goes first: there is no slot for the new one beside it.
 */
export interface JoinSuggestion {
  kind: 'join-profile';
  /** The new spec (`metadata.name`) whose selectors would join. */
  newSpec: string;
  /** The spec to add them to, and the EKS name of its live profile. */
  spec: string;
  profile: string;
  /** The selectors to add (the new spec's). */
  added: Selector[];
  /** The spec's selectors after the edit: its own, then the added ones. */
  selectors: Selector[];
  /** Where the spec is written: its file, the document in it (0-based) and the path of its selectors there. */
  file: string;
  document: number;
  path: string;
  /** The edited `selectors` field as YAML, for people (`selectors` is the same as data). */
  editedSpec: string;
}

export const hasErrors = (diagnostics: readonly Diagnostic[]): boolean => diagnostics.some(d => d.severity === 'error');

const severityRank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Stable order, the same on every machine: by file (those without one last), line, column, then severity, cluster, code and message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      byString(a.source?.file ?? '\uffff', b.source?.file ?? '\uffff') ||
      (a.source?.line ?? 0) - (b.source?.line ?? 0) ||
      (a.source?.column ?? 0) - (b.source?.column ?? 0) ||
      severityRank[a.severity] - severityRank[b.severity] ||
      byString(a.cluster ?? '', b.cluster ?? '') ||
      byString(a.code, b.code) ||
      byString(a.message, b.message),
  );
}
