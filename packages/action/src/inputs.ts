import * as core from '@actions/core';

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

function readTimeout(): number | undefined {
  const value = core.getInput('timeout-minutes');
  if (value === '') return undefined;
  const minutes = Number(value);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new InputError(`Input 'timeout-minutes' must be a positive number of minutes (got '${value}')`);
  }
  return minutes;
}
