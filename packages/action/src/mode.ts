import type { ModeInput } from './inputs';
import { defaultBranchOf, type RunContext } from './context';

export type Mode = 'plan' | 'apply' | 'drift';

export interface ResolvedMode {
  mode: Mode;
  /** Why this mode, for the log: "pull_request → plan". */
  reason: string;
}

/**
 * `auto` maps the event to a mode: pull requests are planned, a push to the default branch is applied
 * (the merge), scheduled and manual runs check for drift. A push to another branch is only planned,
 * so a branch build still validates its specs without touching AWS.
 */
export function resolveMode(input: ModeInput, context: RunContext): ResolvedMode {
  if (input !== 'auto') return { mode: input, reason: `mode input '${input}'` };
  const event = context.eventName;
  switch (event) {
    case 'pull_request':
    case 'pull_request_target':
      return { mode: 'plan', reason: `${event} → plan` };
    case 'push': {
      const defaultBranch = defaultBranchOf(context);
      if (defaultBranch && context.ref === `refs/heads/${defaultBranch}`) {
        return { mode: 'apply', reason: `push to the default branch ${defaultBranch} → apply` };
      }
      return {
        mode: 'plan',
        reason: `push to ${context.ref || 'a ref'}, not the default branch ${defaultBranch ?? '(unknown)'} → plan`,
      };
    }
    case 'schedule':
    case 'workflow_dispatch':
      return { mode: 'drift', reason: `${event} → drift` };
    default:
      return { mode: 'plan', reason: `${event || 'unknown event'} → plan` };
  }
}
