import { GITHUB_COMMENT_LIMIT } from '@fargatekeeper/core';
import type { GitHubClient, Repository } from './github';
import { gitHubCall, type GitHubCall } from './githubErrors';

export interface StickyComment {
  id: number;
  url: string;
  /** `unchanged` when the comment already had this body (no write was made). */
  action: 'created' | 'updated' | 'unchanged';
}

/** Where the comment goes, and `author`: the login the token writes as, the only author whose comments are found and edited. */
export type CommentTarget = Repository & { issueNumber: number; author: string };

/**
 * One comment per pull request, recognised by a hidden marker: the first comment of `target.author`
 * carrying the marker is updated in place, otherwise a new one is created (a comment of anyone else
 * that quotes the marker is never edited). Every page of comments is searched (100 per
 * request), so a busy pull request still finds its comment. `label` names the comment in errors
 * ("creating the plan comment on pull request #7 failed: ...").
 */
export async function upsertStickyComment(
  github: GitHubClient,
  target: CommentTarget,
  marker: string,
  body: string,
  label = 'comment',
): Promise<StickyComment> {
  const text = fitComment(body.includes(marker) ? body : `${marker}\n${body}`);
  const existing = await findMarkedComment(github, target, marker);
  const { owner, repo } = target;
  if (existing) {
    if (existing.body === text) return { id: existing.id, url: existing.html_url, action: 'unchanged' };
    const updating = writeCall(
      target,
      `updating the ${label}`,
      `comment ${existing.id} was deleted meanwhile, or pull request #${target.issueNumber} does not exist in ${owner}/${repo}`,
    );
    const { data } = await gitHubCall(updating, () =>
      github.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: text }),
    );
    return { id: data.id, url: data.html_url, action: 'updated' };
  }
  const creating = writeCall(
    target,
    `creating the ${label}`,
    `pull request #${target.issueNumber} does not exist in ${owner}/${repo}`,
  );
  const { data } = await gitHubCall(creating, () =>
    github.rest.issues.createComment({ owner, repo, issue_number: target.issueNumber, body: text }),
  );
  return { id: data.id, url: data.html_url, action: 'created' };
}

export interface MarkedComment {
  id: number;
  node_id: string;
  body?: string;
  html_url: string;
  created_at: string;
  updated_at: string;
}

/** The first comment of `target.author` carrying the marker: only the token's own comments are trusted. */
export async function findMarkedComment(
  github: GitHubClient,
  target: CommentTarget,
  marker: string,
): Promise<MarkedComment | undefined> {
  const reading: GitHubCall = {
    doing: `reading the comments of pull request #${target.issueNumber}`,
    permission: 'pull-requests: read',
    notFound: `pull request #${target.issueNumber} does not exist in ${target.owner}/${target.repo}`,
  };
  return gitHubCall(reading, async () => {
    const pages = github.paginate.iterator(github.rest.issues.listComments, {
      owner: target.owner,
      repo: target.repo,
      issue_number: target.issueNumber,
      per_page: 100,
    });
    for await (const page of pages) {
      const found = page.data.find(comment => comment.user?.login === target.author && comment.body?.includes(marker));
      if (found) return found;
    }
    return undefined;
  });
}

const writeCall = (target: CommentTarget, doing: string, notFound: string): GitHubCall => ({
  doing: `${doing} on pull request #${target.issueNumber}`,
  permission: 'pull-requests: write',
  notFound,
});

/** Cuts a body that GitHub would refuse, closing an open code fence and `<details>`, and says where the rest is. */
export function fitComment(body: string, limit = GITHUB_COMMENT_LIMIT): string {
  if (body.length <= limit) return body;
  const note = '\n**The plan is too long for a comment; the full plan is in the job summary of this run.**\n';
  let cut = body.slice(0, limit - note.length - 200);
  cut = cut.slice(0, cut.lastIndexOf('\n') + 1);
  if ((cut.match(/^```/gm)?.length ?? 0) % 2 === 1) cut += '```\n';
  const openDetails = (cut.match(/<details>/g)?.length ?? 0) - (cut.match(/<\/details>/g)?.length ?? 0);
  cut += '</details>\n'.repeat(Math.max(0, openDetails));
  return cut + note;
}
