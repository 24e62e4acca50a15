import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, NotImplementedError } from '@backstage/errors';
import {
  requestFieldOf,
  type OpenRequest,
  type ProfileRequest,
  type ProfileRequestResponse,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { RequestValidationError } from '../validation';
import type { FargateService } from './FargateService';
import { pullRequestBody, pullRequestTitle } from './pullRequest';
import type { ReadCache } from './ReadCache';
import { safeSegment } from './specFile';
import type { SpecsRepository } from './SpecsRepository';

export interface RequestServiceOptions {
  fargate: FargateService;
  /** Absent when no specs repository URL is configured: requests are then unavailable. */
  repository?: SpecsRepository;
  cache: ReadCache;
  logger: LoggerService;
  /** Random suffix of request branches (tests make it predictable). */
  branchSuffix?: () => string;
}

const randomSuffix = () => Math.random().toString(36).slice(2, 8);

/** Self-service requests: a validated spec on a new branch and a labelled pull request. */
export class RequestService {
  constructor(private readonly options: RequestServiceOptions) {}

  async create(request: ProfileRequest, requester: string): Promise<ProfileRequestResponse> {
    const repository = this.options.repository;
    if (!repository) {
      throw new NotImplementedError('requests need a specs repository: set fargate.specs.url');
    }
    const evaluation = await this.options.fargate.evaluate(request);
    if (!evaluation.valid) {
      const errors = evaluation.diagnostics.filter(d => d.severity === 'error');
      throw new RequestValidationError(
        `the requested profile does not pass validation: ${errors.map(d => d.message).join('; ')}`,
        errors.map(d => ({ path: requestFieldOf(d) ?? '(spec)', message: d.message })),
        evaluation.diagnostics,
      );
    }
    const { file } = evaluation;
    if (await repository.fileExists(file)) {
      throw new ConflictError(`the spec file ${file} already exists in ${repository.url}; choose another name`);
    }
    const suffix = (this.options.branchSuffix ?? randomSuffix)();
    const branch = `fargatekeeper/request/${safeSegment(evaluation.cluster.name)}/${safeSegment(request.name)}-${suffix}`;
    const text = {
      requester,
      reason: request.reason,
      cluster: evaluation.cluster.name,
      name: request.name,
      file,
      content: evaluation.content,
      planMarkdown: this.options.fargate.markdown(evaluation),
    };
    const pullRequest = await repository.openPullRequest({
      branch,
      path: file,
      content: evaluation.content,
      commitMessage: `${pullRequestTitle(text)}\n\nRequested by ${requester} through the Backstage portal.`,
      title: pullRequestTitle(text),
      body: pullRequestBody(text),
    });
    this.options.logger.info(`fargate request ${request.name} on ${evaluation.cluster.name} by ${requester}: ${pullRequest.url}`);
    await this.options.cache.invalidate();
    return { pullRequest, branch, file };
  }

  /** Open requests, cached like AWS reads (a new request starts a new cache generation). */
  async listOpen(): Promise<OpenRequest[]> {
    const repository = this.options.repository;
    if (!repository) return [];
    return this.options.cache.read(`requests:open:${repository.url}`, () => repository.listOpenRequests());
  }
}
