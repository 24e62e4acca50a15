import * as core from '@actions/core';
import { DEFAULT_CALL_POLICY, parseDuration, type CallPolicy } from '@fargatekeeper/core';

export const modeInputs = ['auto', 'plan', 'apply', 'drift'] as const;
export type ModeInput = (typeof modeInputs)[number];

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
  };
}

function readMode(): ModeInput {
  const value = (core.getInput('mode') || 'auto').toLowerCase();
  if (!(modeInputs as readonly string[]).includes(value)) {
    throw new InputError(`Input 'mode' must be one of ${modeInputs.join(', ')} (got '${value}')`);
  }
  return value as ModeInput;
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
  if (!(count >= 1)) throw new InputError(`Input 'call-attempts' must be a whole number of at least 1 (got '${attempts}')`);
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
