import * as core from '@actions/core';
import { DEFAULT_CALL_POLICY, parseDuration, targetProblem, type CallPolicy } from '@fargatekeeper/core';

export const modeInputs = ['auto', 'plan', 'apply', 'drift'] as const;
export type ModeInput = (typeof modeInputs)[number];

export const unreviewedChangeInputs = ['fail', 'warn'] as const;
export type UnreviewedChangeInput = (typeof unreviewedChangeInputs)[number];

/** The step's `with:` settings, checked; names and defaults are documented in action.yml. */
export interface ActionInputs {
  specs: string;
  mode: ModeInput;
  cluster?: string;
  awsRegion?: string;
  githubToken: string;
  comment: boolean;
  /** Limit for each create and delete to finish; undefined keeps core's defaults (15 and 20 minutes). */
  timeoutMinutes?: number;
  simulatedAccount?: string;
  /** Timeout per attempt and attempts of every AWS and GitHub call (`call-timeout`, `call-attempts`). */
  callPolicy: CallPolicy;
  /** Apply on merge: refuse (`fail`) or only flag (`warn`) a change the merged pull request's reviewed plan did not show. */
  onUnreviewedChange: UnreviewedChangeInput;
  /** The login the token's comments carry, for app tokens (`<app-slug>[bot]`); undefined: found out from the token. */
  commentAuthor?: string;
  /** Refuse a plan that deletes more profiles than this (`max-deletes`); undefined: no limit. */
  maxDeletes?: number;
  /** Cluster or spec names (globs) the run is limited to (`targets`, comma or newline separated); undefined: everything. */
  targets?: string[];
  /** Read the clusters' pods (`pod-impact`, or implied by `recycle-pending`): the plan's pod impact and apply's Pending check. */
  podImpact: boolean;
  /** After a replacement, delete the Pending pods the new profile should take (`recycle-pending`). */
  recyclePending: boolean;
}

/** A `with:` value the action cannot use; the message names the input and what it accepts. */
export class InputError extends Error {
  override name = 'InputError';
}

export function readInputs(): ActionInputs {
  return {
    specs: core.getInput('specs') || 'fargate',
    mode: readMode(),
    cluster: core.getInput('cluster') || undefined,
    awsRegion: core.getInput('aws-region') || undefined,
    githubToken: core.getInput('github-token'),
    comment: readBoolean('comment', true),
    timeoutMinutes: readTimeout(),
    simulatedAccount: core.getInput('simulated-account') || undefined,
    callPolicy: readCallPolicy(),
    onUnreviewedChange: readUnreviewedChange(),
    commentAuthor: core.getInput('comment-author') || undefined,
    maxDeletes: readMaxDeletes(),
    targets: readTargets(),
    ...readPodInputs(),
  };
}

function readPodInputs(): Pick<ActionInputs, 'podImpact' | 'recyclePending'> {
  const recyclePending = readBoolean('recycle-pending', false);
  return { podImpact: readBoolean('pod-impact', false) || recyclePending, recyclePending };
}

function readMaxDeletes(): number | undefined {
  const value = core.getInput('max-deletes');
  if (value === '') return undefined;
  if (!/^\d+$/.test(value))
    throw new InputError(`Input 'max-deletes' must be a whole number of at least 0 (got '${value}')`);
  return Number(value);
}

function readTargets(): string[] | undefined {
  const targets = core
    .getInput('targets')
    .split(/[,\n]/)
    .map(t => t.trim())
    .filter(t => t !== '');
  for (const target of targets) {
    const why = targetProblem(target);
    if (why) throw new InputError(`Input 'targets': \`${target}\` ${why}`);
  }
  return targets.length > 0 ? targets : undefined;
}

function readMode(): ModeInput {
  const value = (core.getInput('mode') || 'auto').toLowerCase();
  if (!(modeInputs as readonly string[]).includes(value)) {
    throw new InputError(`Input 'mode' must be one of ${modeInputs.join(', ')} (got '${value}')`);
  }
  return value as ModeInput;
}

function readUnreviewedChange(): UnreviewedChangeInput {
  const value = (core.getInput('on-unreviewed-change') || 'fail').toLowerCase();
  if (!(unreviewedChangeInputs as readonly string[]).includes(value)) {
    throw new InputError(
      `Input 'on-unreviewed-change' must be one of ${unreviewedChangeInputs.join(', ')} (got '${value}')`,
    );
  }
  return value as UnreviewedChangeInput;
}

// Same accepted spellings as core.getBooleanInput, with a message that names the input and its default.
function readBoolean(name: string, defaultValue: boolean): boolean {
  const value = core.getInput(name);
  if (value === '') return defaultValue;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(`Input '${name}' must be true or false (got '${value}')`);
}

// Empty (a test, or a runner older than the defaults in action.yml) is the documented default.
function readCallPolicy(): CallPolicy {
  const timeout = core.getInput('call-timeout');
  const timeoutMs = timeout === '' ? DEFAULT_CALL_POLICY.timeoutMs : parseDuration(timeout);
  if (timeoutMs === undefined || !(timeoutMs > 0)) {
    throw new InputError(`Input 'call-timeout' must be a duration such as 30s or 300ms (got '${timeout}')`);
  }
  const attempts = core.getInput('call-attempts');
  const count = attempts === '' ? DEFAULT_CALL_POLICY.attempts : /^\d+$/.test(attempts) ? Number(attempts) : NaN;
  if (!(count >= 1))
    throw new InputError(`Input 'call-attempts' must be a whole number of at least 1 (got '${attempts}')`);
  return { timeoutMs, attempts: count };
}

function readTimeout(): number | undefined {
  const value = core.getInput('timeout-minutes');
  if (value === '') return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InputError(`Input 'timeout-minutes' must be a positive number of minutes (got '${value}')`);
  }
  return minutes;
}
