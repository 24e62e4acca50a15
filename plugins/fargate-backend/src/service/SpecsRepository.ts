import type { CheckState, OpenRequest } from '@fargatekeeper/backstage-plugin-fargate-common';
import { REQUEST_LABEL } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { Octokit } from '@octokit/rest';
import { githubCall, type GithubClientFactory, type GithubRepo } from './github';

export interface NewPullRequest {
  /** Branch to create from the base branch's head. */
  branch: string;
  path: string;
  content: string;
  commitMessage: string;
  title: string;
  body: string;
}

const isNotFound = (error: unknown) => (error as { status?: number }).status === 404;

/** Bounded parallelism for per-pull-request status reads. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The specs repository on GitHub as requests use it: branches, spec files, labelled pull requests. */
export class SpecsRepository {
  constructor(
    private readonly repo: GithubRepo,
    private readonly baseBranch: string,
    private readonly github: GithubClientFactory,
  ) {}

  get url(): string {
    return this.repo.url;
  }

  /** Whether a file exists on the base branch (a request must never overwrite one). */
  fileExists(path: string): Promise<boolean> {
    return githubCall(`look for ${path}`, async () => {
      const octokit = await this.client();
      try {
        await octokit.rest.repos.getContent({ ...this.ids(), path, ref: this.baseBranch });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    });
  }

  /** Branch from the base head, commit the new file (refused by GitHub if it exists), open and label the PR. */
  openPullRequest(request: NewPullRequest): Promise<{ number: number; url: string }> {
    return githubCall('open the pull request', () => this.branchCommitAndOpen(request));
  }

  private async branchCommitAndOpen(request: NewPullRequest): Promise<{ number: number; url: string }> {
    const octokit = await this.client();
    const ids = this.ids();
    const { data: base } = await octokit.rest.git.getRef({ ...ids, ref: `heads/${this.baseBranch}` });
    await octokit.rest.git.createRef({ ...ids, ref: `refs/heads/${request.branch}`, sha: base.object.sha });
    let pull: { number: number; html_url: string };
    try {
      await octokit.rest.repos.createOrUpdateFileContents({
        ...ids,
        path: request.path,
        branch: request.branch,
        message: request.commitMessage,
        content: Buffer.from(request.content, 'utf8').toString('base64'),
      });
      ({ data: pull } = await octokit.rest.pulls.create({
        ...ids,
        title: request.title,
        body: request.body,
        head: request.branch,
        base: this.baseBranch,
      }));
    } catch (error) {
      // No pull request: leave no stray branch behind (best effort; the original error is what matters).
      await octokit.rest.git.deleteRef({ ...ids, ref: `heads/${request.branch}` }).catch(() => undefined);
      throw error;
    }
    await octokit.rest.issues.addLabels({ ...ids, issue_number: pull.number, labels: [REQUEST_LABEL] });
    return { number: pull.number, url: pull.html_url };
  }

  /** Open pull requests on the base branch that carry the request label, with their check status. */
  listOpenRequests(): Promise<OpenRequest[]> {
    return githubCall('list the open requests', () => this.openRequests());
  }

  private async openRequests(): Promise<OpenRequest[]> {
    const octokit = await this.client();
    const pulls = await octokit.paginate(octokit.rest.pulls.list, {
      ...this.ids(),
      state: 'open',
      base: this.baseBranch,
      per_page: 100,
    });
    const labelled = pulls.filter(p => p.labels.some(l => l.name === REQUEST_LABEL));
    return mapLimited(labelled, 8, async pull => ({
      number: pull.number,
      title: pull.title,
      url: pull.html_url,
      author: pull.user?.login ?? 'unknown',
      state: pull.draft ? ('draft' as const) : ('open' as const),
      createdAt: pull.created_at,
      updatedAt: pull.updated_at,
      branch: pull.head.ref,
      checks: await this.checkState(octokit, pull.head.sha),
    }));
  }

  /**
   * One state from both of GitHub's check systems: any failure fails, else anything unfinished is
   * pending, else success; `none` when nothing reported.
   */
  private async checkState(octokit: Octokit, sha: string): Promise<CheckState> {
    const [{ data: combined }, { data: runs }] = await Promise.all([
      octokit.rest.repos.getCombinedStatusForRef({ ...this.ids(), ref: sha }),
      octokit.rest.checks.listForRef({ ...this.ids(), ref: sha, per_page: 100 }),
    ]);
    const states: CheckState[] = [
      ...combined.statuses.map(s => (s.state === 'success' ? 'success' : s.state === 'pending' ? 'pending' : 'failure') as CheckState),
      ...runs.check_runs.map(run => {
        if (run.status !== 'completed') return 'pending' as const;
        return ['success', 'neutral', 'skipped'].includes(run.conclusion ?? '') ? ('success' as const) : ('failure' as const);
      }),
    ];
    if (states.length === 0) return 'none';
    if (states.includes('failure')) return 'failure';
    if (states.includes('pending')) return 'pending';
    return 'success';
  }

  private client(): Promise<Octokit> {
    return this.github.forRepo(this.repo);
  }

  private ids() {
    return { owner: this.repo.owner, repo: this.repo.repo };
  }
}
