import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  AccountReader,
  explainPod,
  hasErrors,
  isCallTimeout,
  parseSpecFiles,
  plan,
  type Diagnostic,
  type ParseResult,
  type Plan,
  type ProfileSpec,
} from '@fargatekeeper/core';
import {
  profileRequestToSpec,
  type ClusterProfilesResponse,
  type ClusterSummary,
  type ExplainRequest,
  type ExplainResponse,
  type PlanPreviewRequest,
  type PlanPreviewResponse,
  type ProfileRequestSpec,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ClusterConfig, SpecsConfig } from '../config';
import { RequestValidationError } from '../validation';
import type { ClusterAccounts, ClusterTarget } from './ClusterAccounts';
import { planInputOf, specsOfCluster } from './clusterSpecs';
import { summarizeCluster, type ClusterSummaryRead } from './clusterSummary';
import { allTimedOut } from '../gatewayTimeout';
import { operationView, planView } from './operationView';
import { profileViews } from './profileViews';
import type { ReadCache } from './ReadCache';
import { requestEffect, type RequestEffect } from './requestEffect';
import { requestPlanMarkdown } from './requestMarkdown';
import { renderSpecYaml, requestSpecPath } from './specFile';
import type { SpecSource } from './SpecSource';

export interface FargateServiceOptions {
  clusters: ClusterAccounts;
  specs: SpecSource;
  specsConfig: SpecsConfig;
  cache: ReadCache;
  logger: LoggerService;
}

/** A proposed profile checked and planned with its cluster's specs (plan preview and requests). */
export interface Evaluation {
  cluster: ClusterConfig;
  spec: ProfileSpec;
  /** Path of the spec file in the specs repository, and its content. */
  file: string;
  content: string;
  /** The cluster's whole plan with the proposal. */
  plan: Plan;
  /** What the proposal changes, apart from the cluster's other pending changes. */
  effect: RequestEffect;
  /** Findings about the proposal (its effect's, plus a file name already taken). */
  diagnostics: Diagnostic[];
  valid: boolean;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Live state, desired state and the drift between them, per configured cluster; plan previews; the explainer. */
export class FargateService {
  private parsed?: { key: string; result: ParseResult };

  constructor(private readonly options: FargateServiceOptions) {}

  /**
   * Every configured cluster; one that cannot be reached (credentials, network) carries its `error`.
   * When AWS answered for none of them in time, a GatewayTimeoutError naming the calls (504).
   */
  async listClusters(): Promise<ClusterSummary[]> {
    const reads = await Promise.all(
      this.options.clusters.list().map(async (config): Promise<ClusterSummaryRead> => {
        let target: ClusterTarget;
        try {
          target = await this.options.clusters.target(config);
        } catch (error) {
          this.options.logger.warn(`fargate cluster ${config.name} (${config.region}) cannot be reached: ${errorText(error)}`);
          return { summary: { name: config.name, region: config.region, subnets: [], error: errorText(error) }, failure: error };
        }
        return summarizeCluster(target, new AccountReader(target.account), this.options.logger);
      }),
    );
    const stalled = allTimedOut(reads.map(r => r.failure), 'AWS');
    if (stalled) throw stalled;
    return reads.map(r => r.summary);
  }

  /**
   * The cluster's profiles view. It is computed from cached reads once per cache period and kept until
   * those reads expire, so a page load from a warm cache costs no planning either.
   */
  async clusterProfiles(name: string): Promise<ClusterProfilesResponse> {
    const config = this.options.clusters.find(name);
    if (!config) throw new NotFoundError(`no cluster named '${name}' is configured`);
    // Remembered for the cache's lifetime, so it tells when the cached AWS answers were fetched.
    const readAt = await this.options.cache.read(`readAt:${config.region}:${config.name}`, async () => new Date().toISOString());
    return this.options.cache.memo(`view:${config.region}:${config.name}`, () => this.computeProfiles(config, readAt), {
      expiresAt: Date.parse(readAt) + this.options.cache.ttl,
    });
  }

  private async computeProfiles(config: ClusterConfig, readAt: string): Promise<ClusterProfilesResponse> {
    const link = (file: string, line: number) => this.options.specs.linkTo(file, line);
    let target: ClusterTarget;
    try {
      target = await this.options.clusters.target(config);
    } catch (error) {
      // No account to read: the specs are still worth showing, undecided.
      const message = errorText(error);
      const specs = specsOfCluster((await this.desiredOrDiagnostic()).specs, config);
      const ref = { name: config.name, region: config.region };
      return {
        cluster: { ...ref, subnets: [], error: message },
        profiles: profileViews({ cluster: ref, live: [], specs, operations: [], link }),
        diagnostics: [{ severity: 'error', code: 'fargate.account-unreachable', message: `The cluster's account cannot be reached: ${message}`, cluster: config.name }],
        readAt,
      };
    }
    const reader = new AccountReader(target.account);
    const [{ summary, failure }, desired] = await Promise.all([summarizeCluster(target, reader, this.options.logger), this.desiredOrDiagnostic()]);
    // AWS did not answer for the cluster: a plan would only repeat the timeout (the router answers 504).
    if (isCallTimeout(failure)) throw failure;
    const specs = specsOfCluster(desired.specs, config);
    const planned = await plan(planInputOf(desired, config, specs), reader, { defaultRegion: config.region, clusters: [target.ref] });
    // A failed read is already among the plan's diagnostics.
    const live = summary.error ? [] : await reader.listLiveProfiles(target.ref).catch(() => []);
    const clusterPlan = planned.clusters.find(c => c.cluster === config.name && c.region === config.region);
    return {
      cluster: summary,
      profiles: profileViews({
        cluster: target.ref,
        live,
        specs,
        operations: clusterPlan?.operations ?? [],
        link,
      }),
      diagnostics: planned.diagnostics,
      readAt,
    };
  }

  async previewPlan(request: PlanPreviewRequest): Promise<PlanPreviewResponse> {
    const evaluation = await this.evaluate(request);
    return {
      valid: evaluation.valid,
      diagnostics: evaluation.diagnostics,
      operations: evaluation.effect.operations.map(operationView),
      otherOperations: evaluation.effect.otherOperations.map(operationView),
      plan: planView(evaluation.plan, evaluation.cluster),
      markdown: this.markdown(evaluation),
      file: evaluation.file,
      content: evaluation.content,
    };
  }

  /**
   * Static and live validation plus the plan of a proposed profile beside its cluster's specs, and
   * the plan without it (same reads), to tell the proposal's effect from what is pending anyway.
   */
  async evaluate(request: ProfileRequestSpec): Promise<Evaluation> {
    const config = this.clusterOf(request.cluster);
    const file = requestSpecPath(this.options.specsConfig.folder, config.name, request.name);
    const spec = profileRequestToSpec(request, { file, region: config.region });
    const desired = await this.desired();
    const specs = specsOfCluster(desired.specs, config);
    const target = await this.options.clusters.target(config);
    const reader = new AccountReader(target.account);
    const input = planInputOf(desired, config, specs);
    const options = { defaultRegion: config.region, clusters: [target.ref] };
    const [planned, without] = await Promise.all([plan({ ...input, specs: [...specs, spec] }, reader, options), plan(input, reader, options)]);
    // A plan turns failed reads into diagnostics; when AWS did not answer for the cluster at all, say
    // so (504, from the read the reader kept) rather than call the request invalid.
    await reader.describeCluster(target.ref).catch((error: unknown) => {
      if (isCallTimeout(error)) throw error;
    });
    const effect = requestEffect({ withRequest: planned, without, cluster: config, spec: spec.name, file });
    const diagnostics = [...effect.diagnostics];
    const taken = desired.specs.find(s => s.source.file === file);
    if (taken) {
      diagnostics.push({
        severity: 'error',
        code: 'request.file-exists',
        message: `the spec file \`${file}\` already exists (spec \`${taken.name}\`); choose another name`,
        path: 'metadata.name',
        source: { file, line: 1, column: 1 },
      });
    }
    return { cluster: config, spec, file, content: renderSpecYaml(spec), plan: planned, effect, diagnostics, valid: !hasErrors(diagnostics) };
  }

  async explain(request: ExplainRequest): Promise<ExplainResponse> {
    const config = this.clusterOf(request.cluster);
    const target = await this.options.clusters.target(config);
    const reader = new AccountReader(target.account);
    if (!(await reader.describeCluster(target.ref))) {
      throw new NotFoundError(`cluster '${config.name}' was not found in ${config.region}`);
    }
    // Only ACTIVE profiles schedule pods.
    const active = (await reader.listLiveProfiles(target.ref)).filter(p => p.status === 'ACTIVE');
    const explanation = explainPod(active, { namespace: request.namespace, labels: request.labels ?? {} });
    return {
      cluster: config.name,
      region: config.region,
      ...(explanation.profile ? { profile: explanation.profile } : {}),
      matches: explanation.candidates
        .filter(c => c.matches)
        .map(c => ({ profile: c.name, selectorIndex: c.selectors.find(s => s.matches)!.index })),
      reason: explanation.reason,
      candidates: explanation.candidates,
    };
  }

  /**
   * The request's plan as Markdown (the form's preview and the pull request body): its own changes and
   * findings, the cluster's other pending changes folded; links to the spec lines when there is a repository.
   */
  markdown(evaluation: Evaluation): string {
    return requestPlanMarkdown(evaluation.plan, { ...evaluation.effect, diagnostics: evaluation.diagnostics }, {
      cluster: evaluation.cluster,
      branch: this.options.specsConfig.branch,
      sourceUrl: (file, line) => this.options.specs.linkTo(file, line),
    });
  }

  /**
   * Every spec of the specs source, parsed. Kept in process for the cache's TTL (a parsed spec set is
   * costly to serialise into the cache service and cheap to rebuild), and parsed again only when the
   * files changed.
   */
  desired(): Promise<ParseResult> {
    return this.options.cache.memo('specs:parsed', async () => {
      const files = await this.options.specs.readFiles();
      const key = files.map(f => `${f.path}\u0000${f.content}`).join('\u0001');
      if (this.parsed?.key !== key) {
        const defaultCluster = this.options.specsConfig.defaultCluster;
        this.parsed = { key, result: parseSpecFiles(files, defaultCluster ? { defaultCluster } : {}) };
      }
      return this.parsed.result;
    });
  }

  /** The specs, or when they cannot be read an error that says so (the live side is still worth showing). */
  private async desiredOrDiagnostic(): Promise<ParseResult> {
    try {
      return await this.desired();
    } catch (error) {
      this.options.logger.warn(`fargate specs could not be read: ${errorText(error)}`);
      const diagnostic: Diagnostic = { severity: 'error', code: 'fargate.specs-unreadable', message: `The specs could not be read: ${errorText(error)}` };
      // The whole folder as one document that failed: any spec may be in it, so no live profile looks removed.
      return { specs: [], failed: [{ file: this.options.specsConfig.folder, diagnostics: [diagnostic] }], skipped: [], diagnostics: [diagnostic] };
    }
  }

  private clusterOf(name: string): ClusterConfig {
    const config = this.options.clusters.find(name);
    if (!config) {
      const message = `no cluster named '${name}' is configured`;
      throw new RequestValidationError(`invalid request: cluster: ${message}`, [{ path: 'cluster', message }]);
    }
    return config;
  }
}
