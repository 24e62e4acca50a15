import type { GitHubClient, Repository } from './github';
import { gitHubCall, type GitHubCall } from './githubErrors';

/** The label on the issues the action opens; one open issue collects every failure until someone closes it. */
export const FAILURE_LABEL = 'fargatekeeper';

export interface FailureReport {
  number: number;
  url: string;
  action: 'opened' | 'commented';
}

/**
 * Tells the team that an apply failed: a comment on the open issue labelled `fargatekeeper` when
 * there is one (so repeated failures do not pile up issues), otherwise a new labelled issue.
 */
export async function reportFailure(
  github: GitHubClient,
  repository: Repository,
  title: string,
  body: string,
): Promise<FailureReport> {
  const name = `${repository.owner}/${repository.repo}`;
  const open = await findOpenFailureIssue(github, repository);
  if (open) {
    const commenting = issueCall(
      `commenting on the failure issue #${open.number}`,
      'write',
      `issue #${open.number} was deleted meanwhile`,
    );
    const { data } = await gitHubCall(commenting, () =>
      github.rest.issues.createComment({ ...repository, issue_number: open.number, body }),
    );
    return { number: open.number, url: data.html_url, action: 'commented' };
  }
  const opening = issueCall(`opening a failure issue in ${name}`, 'write', `the repository ${name} does not exist`);
  const { data } = await gitHubCall(opening, () =>
    github.rest.issues.create({ ...repository, title, body, labels: [FAILURE_LABEL] }),
  );
  return { number: data.number, url: data.html_url, action: 'opened' };
}

async function findOpenFailureIssue(
  github: GitHubClient,
  repository: Repository,
): Promise<{ number: number } | undefined> {
  const name = `${repository.owner}/${repository.repo}`;
  const listing = issueCall(
    `listing the open issues labelled ${FAILURE_LABEL} in ${name}`,
    'read',
    `the repository ${name} does not exist`,
  );
  return gitHubCall(listing, async () => {
    const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
      ...repository,
      labels: FAILURE_LABEL,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    for await (const page of pages) {
      // The issues API lists pull requests too; only a real issue collects failures.
      const issue = page.data.find(item => !item.pull_request);
      if (issue) return issue;
    }
    return undefined;
  });
}

const issueCall = (doing: string, level: 'read' | 'write', notFound: string): GitHubCall => ({
  doing,
  permission: `issues: ${level}`,
  notFound,
});
