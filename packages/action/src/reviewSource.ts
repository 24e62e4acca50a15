import type { Plan } from '@fargatekeeper/core';
import { findMarkedComment, type CommentTarget } from './comment';
import type { GitHubClient } from './github';
import { gitHubCall } from './githubErrors';
import { sameLogin } from './identity';
import { PLAN_COMMENT_MARKER } from './planComment';
import { embeddedPlanOf } from './reviewedPlan';

/** The plan reviewed on the merged pull request, or why there is none (every change is then unreviewed). */
export type ReviewSource = { kind: 'plan'; plan: Plan; commentUrl: string } | { kind: 'none'; why: string };

/**
 * Reads the reviewed plan from the pull request's plan comment, trusting only a comment that the
 * token's identity wrote and, if it was edited, last edited (REST does not say who edited a comment;
 * GraphQL's `IssueComment.editor` does), and whose embedded plan matches its digest.
 */
export async function reviewedPlanOf(github: GitHubClient, target: CommentTarget): Promise<ReviewSource> {
  const comment = await findMarkedComment(github, target, PLAN_COMMENT_MARKER);
  if (!comment)
    return { kind: 'none', why: `pull request #${target.issueNumber} has no plan comment by ${target.author}` };
  if (comment.updated_at !== comment.created_at) {
    const editor = await lastEditor(github, target, comment.node_id);
    if (editor && !sameLogin(editor, target.author))
      return {
        kind: 'none',
        why: `the plan comment of pull request #${target.issueNumber} was last edited by ${editor}, not ${target.author}`,
      };
  }
  const embedded = embeddedPlanOf(comment.body);
  switch (embedded.kind) {
    case 'plan':
      return { kind: 'plan', plan: embedded.plan, commentUrl: comment.html_url };
    case 'absent':
      return {
        kind: 'none',
        why: `the plan comment of pull request #${target.issueNumber} holds no reviewed plan (planning failed, or an older version wrote it)`,
      };
    case 'too-large':
      return {
        kind: 'none',
        why: `the plan of pull request #${target.issueNumber} was too large to keep for the review gate`,
      };
    case 'corrupt':
      return {
        kind: 'none',
        why: `the reviewed plan in the plan comment of pull request #${target.issueNumber} is not trusted: ${embedded.why}`,
      };
  }
}

async function lastEditor(github: GitHubClient, target: CommentTarget, nodeId: string): Promise<string | undefined> {
  const asking = {
    doing: `asking who last edited the plan comment of pull request #${target.issueNumber}`,
    permission: 'pull-requests: read',
    notFound: `the plan comment of pull request #${target.issueNumber} was deleted meanwhile`,
  };
  const answer = await gitHubCall(asking, () =>
    github.graphql<{ node: { editor: { login: string } | null } | null }>(
      'query($id: ID!) { node(id: $id) { ... on IssueComment { editor { login } } } }',
      { id: nodeId },
    ),
  );
  return answer.node?.editor?.login;
}
