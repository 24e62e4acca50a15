import type { ProfileSpec } from '../spec/types';

/**
 * `--target` selectors: each a cluster name or a spec name, with the globs `*` (any run of characters)
 * and `?` (one character), matched against the whole name, case-sensitively as EKS names are.
 *
 * What a run with targets plans ("inside" the targets):
 * - every spec whose name or cluster matches, and the clusters those specs name;
 * - every cluster (named by a spec or the run's options) whose name matches: all of it is inside;
 * - in a cluster that is planned only for some of its specs, the profiles (and default roles) of
 *   spec names that match, including those of a matching spec removed from Git.
 * Everything else is outside: its specs are not validated against the account, and its profiles and
 * roles are neither changed nor deleted nor reported.
 */
export interface Targets {
  clusterMatches(cluster: string): boolean;
  specMatches(spec: string): boolean;
  /** A parsed spec is inside when its name or its cluster matches. */
  specInside(spec: Pick<ProfileSpec, 'name' | 'cluster'>): boolean;
}

const globRegExp = (glob: string): RegExp =>
  new RegExp(
    `^${[...glob].map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()[\]{}|/-]/g, '\\$&'))).join('')}$`,
  );

/** The targets of a run; undefined (no selectors) when the whole fleet is planned. */
export function targetsOf(selectors: readonly string[] | undefined): Targets | undefined {
  if (!selectors || selectors.length === 0) return undefined;
  const patterns = selectors.map(globRegExp);
  const matches = (name: string) => patterns.some(p => p.test(name));
  return {
    clusterMatches: matches,
    specMatches: matches,
    specInside: spec => matches(spec.name) || matches(spec.cluster),
  };
}

/** Why a selector cannot be used, or undefined: cluster and spec names hold letters, digits, `-` and `_`. */
export function targetProblem(selector: string): string | undefined {
  if (selector.trim() === '') return 'is empty';
  if (!/^[A-Za-z0-9_*?-]+$/.test(selector)) return 'may hold only letters, digits, `-`, `_` and the globs `*` and `?`';
  return undefined;
}
