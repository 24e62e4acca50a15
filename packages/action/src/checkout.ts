import { execFileSync } from 'node:child_process';
import { mdCode } from '@fargatekeeper/core';
import type { RunContext } from './context';

/**
 * The commit the workspace holds, which is what was planned: `git rev-parse HEAD` there, else the
 * event's commit (GITHUB_SHA) when git or a checkout is missing. On `pull_request_target` the runner's
 * checkout is the base branch unless the workflow checks out the head itself.
 */
export function checkedOutCommit(context: RunContext): string {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], {
      cwd: context.workspace,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(head) ? head : context.sha;
  } catch {
    return context.sha;
  }
}

/** Where the plan came from, for the top and foot of the plan comment. */
export interface Provenance {
  commit: string;
  /** Set on a pull request whose head is not what was planned (`pull_request_target` without the head checked out). */
  notHead?: { head: string };
  /** On `pull_request`: the head that the checked-out merge commit merges into the base. */
  mergeOf?: { head: string; base: string };
}

export function provenanceOf(context: RunContext, commit: string): Provenance {
  const pullRequest = context.payload.pull_request;
  if (!pullRequest || commit === pullRequest.head.sha) return { commit };
  if (context.eventName === 'pull_request' && commit === context.sha)
    return { commit, mergeOf: { head: pullRequest.head.sha, base: pullRequest.base.ref ?? 'the base branch' } };
  return { commit, notHead: { head: pullRequest.head.sha } };
}

/** The warning at the top of the comment when the pull request's own changes were not planned. */
export const provenanceWarning = (p: Provenance): string =>
  p.notHead
    ? `> [!WARNING]\n> This plan was planned from the base branch (\`${p.commit.slice(0, 7)}\`), not this pull request's head (\`${p.notHead.head.slice(0, 7)}\`): it does not show what merging this pull request does.\n\n`
    : '';

/** The foot of the comment: the planned commit and the run, linked. */
export function provenanceLine(context: RunContext, p: Provenance): string {
  const repo = `${context.serverUrl}/${context.owner}/${context.repo}`;
  const merge = p.mergeOf
    ? ` (the pull request's head \`${p.mergeOf.head.slice(0, 7)}\` merged into ${mdCode(p.mergeOf.base)})`
    : '';
  const run = context.runId ? ` · [workflow run](${repo}/actions/runs/${context.runId})` : '';
  return `<sub>Planned from commit [\`${p.commit.slice(0, 7)}\`](${repo}/commit/${p.commit})${merge}${run}</sub>`;
}
