import type { GitHubClient, Repository } from './github';
import { gitHubCall } from './githubErrors';

export interface MergedPullRequest {
  number: number;
  url: string;
}

/**
 * The pull request a push came from, through the commit's associated pull requests
 * (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`): the one merged as this very commit first, then any
 * merged one, then any at all. Undefined for a direct push.
 */
export async function findMergedPullRequest(
  github: GitHubClient,
  repository: Repository,
  sha: string,
): Promise<MergedPullRequest | undefined> {
  const looking = {
    doing: `looking up the pull request of commit ${sha.slice(0, 7)}`,
    permission: 'pull-requests: read',
    notFound: `commit ${sha.slice(0, 7)} is not in ${repository.owner}/${repository.repo}`,
  };
  const { data } = await gitHubCall(looking, () =>
    github.rest.repos.listPullRequestsAssociatedWithCommit({ ...repository, commit_sha: sha, per_page: 100 }),
  );
  const pullRequest =
    data.find(pr => pr.merge_commit_sha === sha && pr.merged_at) ?? data.find(pr => pr.merged_at) ?? data[0];
  return pullRequest && { number: pullRequest.number, url: pullRequest.html_url };
}
