import type { CheckState, OpenRequest } from '@fargatekeeper/backstage-plugin-fargate-common';
import { REQUEST_LABEL } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { Octokit } from '@octokit/rest';
import type { GithubClientFactory, GithubRepo } from './github';
import { githubCall, type GithubCall } from './githubErrors';

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
  async fileExists(path: string): Promise<boolean> {
    const octokit = await this.client();
    const looking = this.call(`looking for ${path} on ${this.baseBranch} of ${this.name}`, 'contents: read', this.branchMissing());
    return githubCall(looking, async () => {
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
  async openPullRequest(request: NewPullRequest): Promise<{ number: number; url: string }> {
    const octokit = await this.client();
    const ids = this.ids();
    const reading = this.call(`reading the head of ${this.baseBranch} of ${this.name}`, 'contents: read', this.branchMissing());
    const { data: base } = await githubCall(reading, () => octokit.rest.git.getRef({ ...ids, ref: `heads/${this.baseBranch}` }));
    const branching = this.call(`creating the branch ${request.branch} in ${this.name}`, 'contents: write', `the commit ${base.object.sha} is gone from ${this.name}`);
    await githubCall(branching, () => octokit.rest.git.createRef({ ...ids, ref: `refs/heads/${request.branch}`, sha: base.object.sha }));
    let pull: { number: number; html_url: string };
    try {
      const committing = this.call(`committing ${request.path} to ${request.branch} of ${this.name}`, 'contents: write', `the branch ${request.branch} was deleted meanwhile`);
      await githubCall(committing, () =>
        octokit.rest.repos.createOrUpdateFileContents({
          ...ids,
          path: request.path,
          branch: request.branch,
          message: request.commitMessage,
          content: Buffer.from(request.content, 'utf8').toString('base64'),
        }),
      );
      const opening = this.call(`opening the pull request from ${request.branch} into ${this.baseBranch} of ${this.name}`, 'pull-requests: write', this.branchMissing());
      ({ data: pull } = await githubCall(opening, () =>
        octokit.rest.pulls.create({ ...ids, title: request.title, body: request.body, head: request.branch, base: this.baseBranch }),
      ));
    } catch (error) {
      // No pull request: leave no stray branch behind (best effort; the original error is what matters).
      await octokit.rest.git.deleteRef({ ...ids, ref: `heads/${request.branch}` }).catch(() => undefined);
      throw error;
    }
    const labelling = this.call(`labelling pull request #${pull.number} of ${this.name} ${REQUEST_LABEL}`, 'pull-requests: write', `pull request #${pull.number} was deleted meanwhile`);
    await githubCall(labelling, () => octokit.rest.issues.addLabels({ ...ids, issue_number: pull.number, labels: [REQUEST_LABEL] }));
    return { number: pull.number, url: pull.html_url };
  }

  /** Open pull requests on the base branch that carry the request label, with their check status. */
  async listOpenRequests(): Promise<OpenRequest[]> {
    const octokit = await this.client();
    const listing = this.call(`listing the open pull requests into ${this.baseBranch} of ${this.name}`, 'pull-requests: read', `the repository ${this.name} does not exist (fargate.specs.url)`);
    const pulls = await githubCall(listing, () =>
      octokit.paginate(octokit.rest.pulls.list, { ...this.ids(), state: 'open', base: this.baseBranch, per_page: 100 }),
    );
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
      checks: await this.checkState(octokit, pull.number, pull.head.sha),
    }));
  }

  /**
   * One state from both of GitHub's check systems: any failure fails, else anything unfinished is
   * pending, else success; `none` when nothing reported.
   */
  private async checkState(octokit: Octokit, number: number, sha: string): Promise<CheckState> {
    const gone = `the head commit of pull request #${number} is gone from ${this.name}`;
    const [{ data: combined }, { data: runs }] = await Promise.all([
      githubCall(this.call(`reading the commit statuses of pull request #${number} of ${this.name}`, 'statuses: read', gone), () =>
        octokit.rest.repos.getCombinedStatusForRef({ ...this.ids(), ref: sha }),
      ),
      githubCall(this.call(`reading the check runs of pull request #${number} of ${this.name}`, 'checks: read', gone), () =>
        octokit.rest.checks.listForRef({ ...this.ids(), ref: sha, per_page: 100 }),
      ),
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

  private get name(): string {
    return `${this.repo.owner}/${this.repo.repo}`;
  }

  private call(doing: string, permission: string, notFound: string): GithubCall {
    return { doing, permission, notFound };
  }

  private branchMissing(): string {
    return `the branch ${this.baseBranch} does not exist in ${this.name} (fargate.specs.branch)`;
  }

  private ids() {
    return { owner: this.repo.owner, repo: this.repo.repo };
  }
}
