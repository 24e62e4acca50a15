import type { CheckState, OpenRequest } from '@fargatekeeper/backstage-plugin-fargate-common';
import { REQUEST_LABEL } from '@fargatekeeper/backstage-plugin-fargate-common';
import type { Octokit } from '@octokit/rest';
import type { GithubClientFactory, GithubRepo } from './github';
import { githubCall, type GithubCall } from './githubErrors';

/** What a pull request does to its spec file: write a new one, replace one (at the blob `sha` it was read at), or remove one. */
export type SpecFileWrite =
  | { kind: 'create'; path: string; content: string }
  | { kind: 'update'; path: string; content: string; sha: string }
  | { kind: 'delete'; path: string; sha: string };

export interface NewPullRequest {
  /** The request's branch, named after its key: one branch, and so one open pull request, per distinct request. */
  branch: string;
  file: SpecFileWrite;
  commitMessage: string;
  title: string;
  body: string;
}

/** A pull request of a request: the one opened now, or the open one another request (or replica) opened for the same branch. */
export interface RequestPullRequest {
  number: number;
  url: string;
  deduplicated: boolean;
}

export interface SpecsRepositoryOptions {
  /**
   * How long to wait for the pull request of a branch that exists without one (another replica is
   * opening it) before taking the branch over as a leftover (default 5 s).
   */
  claimWaitMs?: number;
}

const DEFAULT_CLAIM_WAIT_MS = 5000;
const status = (error: unknown) => (error as { status?: number }).status;
/** GitHub's answer to a ref or a pull request that exists already: 422 "Reference already exists", or "Validation Failed" with the error "A pull request already exists for …". */
const alreadyExists = (error: unknown) =>
  status(error) === 422 &&
  /already exists/i.test(JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? null));
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

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
    private readonly options: SpecsRepositoryOptions = {},
  ) {}

  get url(): string {
    return this.repo.url;
  }

  /** Whether a file exists on the base branch (a request must never overwrite one). */
  async fileExists(path: string): Promise<boolean> {
    return (await this.readFile(path)) !== undefined;
  }

  /** A spec file on the base branch with its blob sha (what an update or delete of it names), or undefined. */
  async readFile(path: string): Promise<{ content: string; sha: string } | undefined> {
    const octokit = await this.client();
    const reading = this.call(
      `reading ${path} on ${this.baseBranch} of ${this.name}`,
      'contents: read',
      this.branchMissing(),
    );
    return githubCall(reading, async () => {
      try {
        const { data } = await octokit.rest.repos.getContent({ ...this.ids(), path, ref: this.baseBranch });
        if (Array.isArray(data) || data.type !== 'file') return undefined;
        return { content: Buffer.from(data.content, 'base64').toString('utf8'), sha: data.sha };
      } catch (error) {
        if (status(error) === 404) return undefined;
        throw error;
      }
    });
  }

  /**
   * The pull request of `request.branch`: the open one when there is one, else a new one. The branch
   * is the lock between replicas: GitHub creates a ref once (422 "Reference already exists" after), and
   * opens one pull request per head branch (422 "A pull request already exists"), so identical
   * requests, on one replica or several, end with one pull request. A branch without an open pull
   * request is waited for (another replica is opening it), or taken over when its pull request was
   * closed or none came: the leftover of a request that was turned down or stopped half-way.
   */
  async openPullRequest(request: NewPullRequest): Promise<RequestPullRequest> {
    const open = await this.pullOf(request.branch);
    if (open) return { ...open, deduplicated: true };
    const octokit = await this.client();
    const ids = this.ids();
    const reading = this.call(
      `reading the head of ${this.baseBranch} of ${this.name}`,
      'contents: read',
      this.branchMissing(),
    );
    const { data: base } = await githubCall(reading, () =>
      octokit.rest.git.getRef({ ...ids, ref: `heads/${this.baseBranch}` }),
    );
    const created = await this.createBranch(octokit, request.branch, base.object.sha);
    if (!created) {
      const opened = await this.waitForPull(request.branch);
      if (opened) return { ...opened, deduplicated: true };
      await this.resetBranch(octokit, request.branch, base.object.sha);
    }
    let pull: { number: number; html_url: string };
    try {
      await this.commit(octokit, request);
      const opening = this.call(
        `opening the pull request from ${request.branch} into ${this.baseBranch} of ${this.name}`,
        'pull-requests: write',
        this.branchMissing(),
      );
      const answer = await githubCall(opening, async () => {
        try {
          return (
            await octokit.rest.pulls.create({
              ...ids,
              title: request.title,
              body: request.body,
              head: request.branch,
              base: this.baseBranch,
            })
          ).data;
        } catch (error) {
          if (alreadyExists(error)) return undefined;
          throw error;
        }
      });
      if (!answer) {
        // Another replica opened it between our look and our try.
        const other = await this.pullOf(request.branch);
        if (other) return { ...other, deduplicated: true };
        throw new Error(
          `GitHub says a pull request from ${request.branch} exists in ${this.name}, but lists none open`,
        );
      }
      pull = answer;
    } catch (error) {
      // No pull request: leave no stray branch behind (best effort; the original error is what matters).
      await octokit.rest.git.deleteRef({ ...ids, ref: `heads/${request.branch}` }).catch(() => undefined);
      throw error;
    }
    const labelling = this.call(
      `labelling pull request #${pull.number} of ${this.name} ${REQUEST_LABEL}`,
      'pull-requests: write',
      `pull request #${pull.number} was deleted meanwhile`,
    );
    await githubCall(labelling, () =>
      octokit.rest.issues.addLabels({ ...ids, issue_number: pull.number, labels: [REQUEST_LABEL] }),
    );
    return { number: pull.number, url: pull.html_url, deduplicated: false };
  }

  /** The pull request of a branch into the base branch: the open one, or (`state: 'all'`) also whether one was closed. */
  private async pullsOf(
    branch: string,
    state: 'open' | 'all',
  ): Promise<{ number: number; url: string; open: boolean }[]> {
    const octokit = await this.client();
    const looking = this.call(
      `looking for the pull request of ${branch} in ${this.name}`,
      'pull-requests: read',
      `the repository ${this.name} does not exist (fargate.specs.url)`,
    );
    const { data } = await githubCall(looking, () =>
      octokit.rest.pulls.list({
        ...this.ids(),
        state,
        head: `${this.repo.owner}:${branch}`,
        base: this.baseBranch,
        per_page: 100,
      }),
    );
    return data.map(p => ({ number: p.number, url: p.html_url, open: p.state === 'open' }));
  }

  private async pullOf(branch: string): Promise<{ number: number; url: string } | undefined> {
    const [open] = await this.pullsOf(branch, 'open');
    return open ? { number: open.number, url: open.url } : undefined;
  }

  /** Polls for the open pull request of a branch someone else made, until it comes, its pull request turns out closed, or the wait is over. */
  private async waitForPull(branch: string): Promise<{ number: number; url: string } | undefined> {
    const until = Date.now() + (this.options.claimWaitMs ?? DEFAULT_CLAIM_WAIT_MS);
    for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
      const pulls = await this.pullsOf(branch, 'all');
      const open = pulls.find(p => p.open);
      if (open) return { number: open.number, url: open.url };
      const left = until - Date.now();
      if (pulls.length > 0 || left <= 0) return undefined;
      // The last pause ends when the wait does: the branch is taken over only once it is over.
      await sleep(Math.min(pause, left));
    }
  }

  /** Creates the branch at `sha`; false when it exists already. */
  private async createBranch(octokit: Octokit, branch: string, sha: string): Promise<boolean> {
    const branching = this.call(
      `creating the branch ${branch} in ${this.name}`,
      'contents: write',
      `the commit ${sha} is gone from ${this.name}`,
    );
    return githubCall(branching, async () => {
      try {
        await octokit.rest.git.createRef({ ...this.ids(), ref: `refs/heads/${branch}`, sha });
        return true;
      } catch (error) {
        if (alreadyExists(error)) return false;
        throw error;
      }
    });
  }

  /** Moves a leftover branch back to `sha` (made again when it went meanwhile), so the request starts from the base head. */
  private async resetBranch(octokit: Octokit, branch: string, sha: string): Promise<void> {
    const resetting = this.call(
      `moving the leftover branch ${branch} of ${this.name} to ${this.baseBranch}`,
      'contents: write',
      `the branch ${branch} was deleted meanwhile`,
    );
    const moved = await githubCall(resetting, async () => {
      try {
        await octokit.rest.git.updateRef({ ...this.ids(), ref: `heads/${branch}`, sha, force: true });
        return true;
      } catch (error) {
        if (status(error) === 422 || status(error) === 404) return false;
        throw error;
      }
    });
    if (!moved) await this.createBranch(octokit, branch, sha);
  }

  private async commit(octokit: Octokit, request: NewPullRequest): Promise<void> {
    const { file, branch, commitMessage: message } = request;
    const committing = this.call(
      `committing ${file.path} to ${branch} of ${this.name}`,
      'contents: write',
      `the branch ${branch} was deleted meanwhile`,
    );
    await githubCall(committing, () => {
      const common = { ...this.ids(), path: file.path, branch, message };
      switch (file.kind) {
        case 'create':
          return octokit.rest.repos.createOrUpdateFileContents({
            ...common,
            content: Buffer.from(file.content, 'utf8').toString('base64'),
          });
        case 'update':
          return octokit.rest.repos.createOrUpdateFileContents({
            ...common,
            sha: file.sha,
            content: Buffer.from(file.content, 'utf8').toString('base64'),
          });
        case 'delete':
          return octokit.rest.repos.deleteFile({ ...common, sha: file.sha });
      }
    });
  }

  /** Open pull requests on the base branch that carry the request label, with their check status. */
  async listOpenRequests(): Promise<OpenRequest[]> {
    const octokit = await this.client();
    const listing = this.call(
      `listing the open pull requests into ${this.baseBranch} of ${this.name}`,
      'pull-requests: read',
      `the repository ${this.name} does not exist (fargate.specs.url)`,
    );
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
      githubCall(
        this.call(`reading the commit statuses of pull request #${number} of ${this.name}`, 'statuses: read', gone),
        () => octokit.rest.repos.getCombinedStatusForRef({ ...this.ids(), ref: sha }),
      ),
      githubCall(
        this.call(`reading the check runs of pull request #${number} of ${this.name}`, 'checks: read', gone),
        () => octokit.rest.checks.listForRef({ ...this.ids(), ref: sha, per_page: 100 }),
      ),
    ]);
    const states: CheckState[] = [
      ...combined.statuses.map(
        s => (s.state === 'success' ? 'success' : s.state === 'pending' ? 'pending' : 'failure') as CheckState,
      ),
      ...runs.check_runs.map(run => {
        if (run.status !== 'completed') return 'pending' as const;
        return ['success', 'neutral', 'skipped'].includes(run.conclusion ?? '')
          ? ('success' as const)
          : ('failure' as const);
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
