import { hijacksOf, type Hijack } from './hijack';
import { changesSomething } from './operations';
import type { Operation, Plan, WaitOperation } from './types';

/**
 * One way the live profiles differ from Git: an operation an apply would run, or a profile the specs
 * do not manage that takes pods a spec selects. A closed list: front doors switch on `kind`.
 */
export type DriftFinding =
  { kind: 'change'; operation: Exclude<Operation, WaitOperation> } | { kind: 'hijack'; hijack: Hijack };

export interface Drift {
  findings: DriftFinding[];
  /** Profiles an earlier apply is still creating or deleting: an apply in progress, not drift. */
  inProgress: WaitOperation[];
}

/** What a drift check reports of a plan: drift (changes and hijacks), and what is still in flight. */
export function driftOf(plan: Plan): Drift {
  const findings: DriftFinding[] = [];
  const inProgress: WaitOperation[] = [];
  for (const cluster of plan.clusters) {
    for (const operation of cluster.operations) {
      if (operation.op === 'wait') inProgress.push(operation);
      else if (changesSomething(operation)) findings.push({ kind: 'change', operation });
    }
    findings.push(...hijacksOf(cluster).map(hijack => ({ kind: 'hijack' as const, hijack })));
  }
  return { findings, inProgress };
}

/** The plan has work to do (`hasChanges`) or a hijack to report: what `plan --detailed-exitcode` exits 2 on. */
export const hasChangesOrDrift = (plan: Plan): boolean => plan.hasChanges || driftOf(plan).findings.length > 0;
