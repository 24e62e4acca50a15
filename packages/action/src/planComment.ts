import { GITHUB_COMMENT_LIMIT, mdFence, type Plan } from '@fargatekeeper/core';
import { reviewedPlanBlock } from './reviewedPlan';

/**
 * Hidden marker that identifies the plan comment on a pull request: the one comment this action
 * updates. Only the action adds it (core's Markdown has none), so a portal pull request body or a
 * job summary that embeds a plan is never taken for the plan comment.
 */
export const PLAN_COMMENT_MARKER = '<!-- fargatekeeper:plan -->';

/** Hidden line in the plan comment that records the full fingerprint of the reviewed plan. */
const FINGERPRINT_PATTERN = /<!-- fargatekeeper:fingerprint ([0-9a-f]+) -->/;

/**
 * The sticky plan comment: the marker, core's Markdown, the fingerprint, and the reviewed plan as
 * hidden data that apply on merge gates on (or a plain warning when it is too large to embed).
 */
export function planCommentBody(markdown: string, plan: Plan): string {
  const block = reviewedPlanBlock(plan);
  const warning =
    block.kind === 'too-large'
      ? '\n> [!WARNING]\n> This plan is too large to keep for the review gate: applying it on merge will be refused. Split the change into smaller pull requests.\n'
      : '';
  return `${PLAN_COMMENT_MARKER}\n${markdown.trimEnd()}\n${warning}<!-- fargatekeeper:fingerprint ${plan.fingerprint} -->\n${block.text}\n`;
}

/** The longest Markdown of `plan` that still fits one GitHub comment once {@link planCommentBody} wraps it. */
export const planMarkdownBudget = (plan: Plan): number => GITHUB_COMMENT_LIMIT - planCommentBody('', plan).length;

export const reviewedFingerprintOf = (body: string | undefined): string | undefined =>
  body?.match(FINGERPRINT_PATTERN)?.[1];

/** The marker of the apply result comment for one commit: a re-run of the same push updates it instead of adding another. */
export const applyMarkerFor = (sha: string): string => `<!-- fargatekeeper:apply ${sha} -->`;

/** What the plan comment says when no plan could be made for a commit (credentials, an unreadable account file, ...). */
export function planFailureBody(error: unknown, commit: string): string {
  const message = error instanceof Error ? error.message : String(error);
  return [
    PLAN_COMMENT_MARKER,
    `### fargatekeeper could not plan commit \`${commit.slice(0, 7)}\``,
    '',
    mdFence(message, 'text'),
    '',
    'There is no plan for this commit (any plan shown here before was for an earlier one). The job log has the details.',
    '',
  ].join('\n');
}
