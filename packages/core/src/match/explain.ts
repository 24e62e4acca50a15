import type { Selector } from '../spec/types';
import { explainSelector, type Pod, type SelectorExplanation } from './selector';

/** The pod label with which a pod names the profile it wants when several match. */
export const profileLabel = 'eks.amazonaws.com/fargate-profile';

export interface ProfileExplanation {
  name: string;
  matches: boolean;
  selectors: SelectorExplanation[];
}

export type Decision = 'no-match' | 'only-match' | 'first-by-name' | 'profile-label' | 'profile-label-mismatch';

export interface PodExplanation {
  pod: Pod;
  /** `fargate` when a profile takes the pod, `nodes` when none does. */
  placement: 'fargate' | 'nodes';
  /** The profile that takes the pod. */
  profile?: string;
  decidedBy: Decision;
  /** One sentence for people. */
  reason: string;
  /** Names of every profile that matches, in EKS order (alphanumeric). */
  matching: string[];
  /** Every profile, in EKS order, with per-selector reasons. */
  candidates: ProfileExplanation[];
}

/** EKS orders profile names by plain character codes (digits, then upper case, then lower case). */
export const byEksName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which profile takes a pod and why: every matching profile, the winner by the pod's
 * `eks.amazonaws.com/fargate-profile` label or else the first by name, or that it goes to nodes.
 */
export function explainPod(
  profiles: readonly { name: string; selectors: readonly Selector[] }[],
  pod: Pod,
): PodExplanation {
  const candidates = [...profiles]
    .sort((a, b) => byEksName(a.name, b.name))
    .map(profile => {
      const selectors = profile.selectors.map((selector, index) => explainSelector(selector, pod, index));
      return { name: profile.name, matches: selectors.some(s => s.matches), selectors };
    });
  const matching = candidates.filter(c => c.matches).map(c => c.name);
  const base = { pod, matching, candidates };
  const wanted = pod.labels[profileLabel];
  if (wanted !== undefined) {
    if (matching.includes(wanted)) {
      return {
        ...base,
        placement: 'fargate',
        profile: wanted,
        decidedBy: 'profile-label',
        reason: `the pod's label \`${profileLabel}\` names \`${wanted}\`, which matches it`,
      };
    }
    const exists = candidates.some(c => c.name === wanted);
    return {
      ...base,
      placement: 'nodes',
      decidedBy: 'profile-label-mismatch',
      reason: exists
        ? `the pod's label \`${profileLabel}\` names \`${wanted}\`, whose selectors do not match it, so it goes to nodes`
        : `the pod's label \`${profileLabel}\` names \`${wanted}\`, which is not a profile of this cluster, so it goes to nodes`,
    };
  }
  if (matching.length === 0) {
    return { ...base, placement: 'nodes', decidedBy: 'no-match', reason: 'goes to nodes (no profile matches)' };
  }
  const winner = matching[0]!;
  if (matching.length === 1) {
    return {
      ...base,
      placement: 'fargate',
      profile: winner,
      decidedBy: 'only-match',
      reason: `only \`${winner}\` matches`,
    };
  }
  return {
    ...base,
    placement: 'fargate',
    profile: winner,
    decidedBy: 'first-by-name',
    reason: `${matching.map(n => `\`${n}\``).join(', ')} match; EKS picks \`${winner}\` (first by name)`,
  };
}
