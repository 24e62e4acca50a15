import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotImplementedError } from '@backstage/errors';
import {
  requestFieldOf,
  type OpenRequest,
  type PlanPreviewResponse,
  type ProfileProposal,
  type ProfileRequest,
  type ProfileRequestResponse,
  type ProposalKind,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { RequestValidationError } from '../validation';
import type { Evaluation, FargateService } from './FargateService';
import { pullRequestBody, pullRequestTitle } from './pullRequest';
import type { ReadCache } from './ReadCache';
import type { RequestRateLimit } from './RequestRateLimit';
import { requestKey } from './requestKey';
import { safeSegment } from './specFile';
import type { SpecFileWrite, SpecsRepository } from './SpecsRepository';

export interface RequestServiceOptions {
  fargate: FargateService;
  /** Absent when no specs repository URL is configured: requests are then unavailable. */
  repository?: SpecsRepository;
  cache: ReadCache;
  rateLimit: RequestRateLimit;
  logger: LoggerService;
}

const branchFolder: Record<ProposalKind, string> = { create: 'request', change: 'change', delete: 'delete' };

/**
 * Self-service requests: a new spec, a changed one or one removed, as a labelled pull request on the
 * specs repository. One pull request per distinct request: identical requests (the same proposal,
 * whoever asks and why) share a branch named after their key, and so its pull request, across
 * restarts and replicas; concurrent ones on this replica share one attempt.
 */
export class RequestService {
  private readonly inflight = new Map<string, Promise<ProfileRequestResponse>>();

  constructor(private readonly options: RequestServiceOptions) {}

  /** What a request would do, without opening anything: the plan preview (a dry run). */
  preview(proposal: ProfileProposal): Promise<PlanPreviewResponse> {
    return this.options.fargate.previewPlan(proposal);
  }

  /**
   * Opens the pull request of a request, or answers with the open one of an identical request
   * (`deduplicated`), after counting it against the requester's rate limit. Fails with a
   * RequestValidationError (400) for a proposal that does not pass validation, a ConflictError (409)
   * when its file is taken or changed meanwhile, a RateLimitedError (429), a GithubError (502–504).
   */
  async submit(request: ProfileRequest, requester: string): Promise<ProfileRequestResponse> {
    const repository = this.options.repository;
    if (!repository) throw new NotImplementedError('requests need a specs repository: set fargate.specs.url');
    await this.options.rateLimit.take(requester);
    const key = requestKey(request);
    const pending = this.inflight.get(key);
    if (pending) return { ...(await pending), deduplicated: true };
    const attempt = this.open(repository, request, key, requester).finally(() => this.inflight.delete(key));
    this.inflight.set(key, attempt);
    return attempt;
  }

  /** Open requests, cached like AWS reads (a new request starts a new cache generation). */
  async listOpen(): Promise<OpenRequest[]> {
    const repository = this.options.repository;
    if (!repository) return [];
    return this.options.cache.read(`requests:open:${repository.url}`, () => repository.listOpenRequests());
  }

  private async open(
    repository: SpecsRepository,
    request: ProfileRequest,
    key: string,
    requester: string,
  ): Promise<ProfileRequestResponse> {
    const evaluation = await this.options.fargate.evaluate(request);
    if (!evaluation.valid) {
      const errors = evaluation.diagnostics.filter(d => d.severity === 'error');
      throw new RequestValidationError(
        `the request does not pass validation: ${errors.map(d => d.message).join('; ')}`,
        errors.map(d => ({ path: requestFieldOf(d) ?? '(spec)', message: d.message })),
        evaluation.diagnostics,
      );
    }
    const file = await fileWrite(repository, evaluation);
    const cluster = evaluation.cluster.name;
    const branch = `fargatekeeper/${branchFolder[request.kind]}/${safeSegment(cluster)}/${safeSegment(request.name)}-${key}`;
    const planMarkdown = this.options.fargate.markdown(evaluation);
    const text = {
      kind: request.kind,
      requester,
      reason: request.reason,
      cluster,
      name: request.name,
      file: evaluation.file,
      fileAction: evaluation.fileAction,
      content: evaluation.content,
      planMarkdown,
    };
    const title = pullRequestTitle(text);
    const pull = await repository.openPullRequest({
      branch,
      file,
      commitMessage: `${title}\n\nRequested by ${requester} through the Backstage portal.`,
      title,
      body: pullRequestBody(text),
    });
    if (pull.deduplicated) {
      this.options.logger.info(
        `fargate ${request.kind} request ${request.name} on ${cluster} by ${requester}: the same as the open ${pull.url}`,
      );
    } else {
      this.options.logger.info(
        `fargate ${request.kind} request ${request.name} on ${cluster} by ${requester}: ${pull.url}`,
      );
      await this.options.cache.invalidate();
    }
    return {
      pullRequest: { number: pull.number, url: pull.url },
      deduplicated: pull.deduplicated,
      branch,
      file: evaluation.file,
      fileAction: evaluation.fileAction,
      planMarkdown,
    };
  }
}

/**
 * What the pull request writes, checked against the base branch: a new file must not exist there, and
 * the file a change or removal edits must still be what was planned (read again, for its blob sha).
 */
async function fileWrite(repository: SpecsRepository, evaluation: Evaluation): Promise<SpecFileWrite> {
  const { file: path, content } = evaluation;
  if (evaluation.fileAction === 'create') {
    if (await repository.fileExists(path)) {
      throw new ConflictError(`the spec file ${path} already exists in ${repository.url}; choose another name`);
    }
    return { kind: 'create', path, content };
  }
  const current = await repository.readFile(path);
  if (!current || current.content !== evaluation.before) {
    throw new ConflictError(
      `the spec file ${path} ${current ? 'changed' : 'is gone'} on the base branch of ${repository.url} since it was read; reload and request again`,
    );
  }
  return evaluation.fileAction === 'delete'
    ? { kind: 'delete', path, sha: current.sha }
    : { kind: 'update', path, content, sha: current.sha };
}
