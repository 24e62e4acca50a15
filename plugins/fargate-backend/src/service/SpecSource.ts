import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SpecFile } from '@fargatekeeper/core';
import { readSpecFolder } from '@fargatekeeper/core/node';
import type { SpecsConfig } from '../config';
import type { GithubClientFactory, GithubRepo } from './github';
import { githubCall } from './githubErrors';
import { localFolderPath, pathInRepository } from './localFolderPath';
import type { ReadCache } from './ReadCache';

/** As the CLI reads a specs folder: YAML, and JSON (CloudFormation templates, `terraform show -json`). */
const SPEC_FILE = /\.(ya?ml|json)$/i;
/** Blobs are addressed by content: a cached blob never goes stale. */
const BLOB_TTL_MS = 24 * 60 * 60 * 1000;

/** The desired side: spec files, and links to them in their repository. */
export interface SpecSource {
  /**
   * Every spec file, with its path inside the specs repository (`fargate/prod-eu/payments.yaml`): the
   * path diagnostics, the card and the plan show, whatever the backend's working directory.
   */
  readFiles(): Promise<SpecFile[]>;
  /** A link to a line of a spec file, when the specs live in a GitHub repository. */
  linkTo(file: string, line: number): string | undefined;
}

const blobUrl = (repo: GithubRepo, branch: string, path: string, line: number) =>
  `${repo.url}/blob/${encodeURIComponent(branch)}/${path.split('/').map(encodeURIComponent).join('/')}#L${line}`;

/**
 * Specs read from a local folder (a checkout of the specs repository, or examples in development).
 * Read from disk each time: callers keep the parsed result for the cache's TTL, and the files of one
 * machine have no business in a cache that other instances share. Paths are made repository paths
 * (see {@link localFolderPath}).
 */
export class LocalSpecSource implements SpecSource {
  private warned = false;

  constructor(
    private readonly specs: SpecsConfig & { localFolder: string },
    private readonly repo?: GithubRepo,
    private readonly logger?: LoggerService,
  ) {}

  async readFiles(): Promise<SpecFile[]> {
    const { localFolder } = this.specs;
    const files = await readSpecFolder(localFolder);
    const folder = await localFolderPath(localFolder, {
      folder: this.specs.folder,
      hasRepository: this.repo !== undefined,
    });
    if (folder.from === 'checkout' && this.repo && folder.path !== this.specs.folder && !this.warned) {
      this.warned = true;
      this.logger?.warn(
        `fargate.specs.localFolder is ${folder.path === '' ? 'the root' : `'${folder.path}'`} of its checkout, but fargate.specs.folder is '${this.specs.folder}': requests write there`,
      );
    }
    return files.map(file => ({ ...file, path: pathInRepository(localFolder, folder.path, file.path) }));
  }

  linkTo(file: string, line: number): string | undefined {
    return this.repo ? blobUrl(this.repo, this.specs.branch, file, line) : undefined;
  }
}

/** Specs read from the repository's branch through the GitHub API (tree once per TTL, blobs by content). */
export class GithubSpecSource implements SpecSource {
  constructor(
    private readonly specs: SpecsConfig,
    private readonly repo: GithubRepo,
    private readonly github: GithubClientFactory,
    private readonly cache: ReadCache,
  ) {}

  async readFiles(): Promise<SpecFile[]> {
    const entries = await this.cache.read(`specs:tree:${this.repo.url}:${this.specs.branch}`, () =>
      this.listSpecBlobs(),
    );
    return Promise.all(
      entries.map(async entry => ({
        path: entry.path,
        content: await this.cache.read(`specs:blob:${this.repo.url}:${entry.sha}`, () => this.readBlob(entry.sha), {
          ttlMs: BLOB_TTL_MS,
        }),
      })),
    );
  }

  linkTo(file: string, line: number): string {
    return blobUrl(this.repo, this.specs.branch, file, line);
  }

  private async listSpecBlobs(): Promise<{ path: string; sha: string }[]> {
    const octokit = await this.github.forRepo(this.repo);
    const listing = {
      doing: `listing the specs of ${this.repo.url}@${this.specs.branch}`,
      permission: 'contents: read',
      notFound: `the branch ${this.specs.branch} does not exist in ${this.repo.owner}/${this.repo.repo} (fargate.specs.branch)`,
    };
    const { data } = await githubCall(listing, () =>
      octokit.rest.git.getTree({
        owner: this.repo.owner,
        repo: this.repo.repo,
        tree_sha: this.specs.branch,
        recursive: 'true',
      }),
    );
    if (data.truncated) {
      throw new Error(
        `the tree of ${this.repo.url}@${this.specs.branch} is too large to list through the API; use fargate.specs.localFolder`,
      );
    }
    const prefix = `${this.specs.folder}/`;
    return data.tree
      .filter(
        e =>
          e.type === 'blob' &&
          e.path &&
          e.sha &&
          (this.specs.folder === '' || e.path.startsWith(prefix)) &&
          SPEC_FILE.test(e.path),
      )
      .map(e => ({ path: e.path!, sha: e.sha! }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private async readBlob(sha: string): Promise<string> {
    const octokit = await this.github.forRepo(this.repo);
    const reading = {
      doing: `reading the spec blob ${sha} of ${this.repo.url}`,
      permission: 'contents: read',
      notFound: `the blob is gone from ${this.repo.owner}/${this.repo.repo} (a force-push?)`,
    };
    const { data } = await githubCall(reading, () =>
      octokit.rest.git.getBlob({ owner: this.repo.owner, repo: this.repo.repo, file_sha: sha }),
    );
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8');
  }
}
