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
  type ParseOptions,
  type ParseResult,
  type Plan,
  type PodAccess,
} from '@fargatekeeper/core';
import {
  parseProfileResourceRef,
  profileOwnerOf,
  type ClusterProfilesResponse,
  type ClusterSummary,
  type ExplainRequest,
  type ExplainResponse,
  type PlanPreviewRequest,
  type PlanPreviewResponse,
  type ProfileProposal,
  type SpecFileAction,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import type { ClusterConfig, SpecsConfig } from '../config';
import type { FargateProfileResource } from '../permissions';
import { RequestValidationError } from '../validation';
import type { ClusterAccounts, ClusterTarget } from './ClusterAccounts';
import { planInputOf, specsOfCluster } from './clusterSpecs';
import { summarizeCluster, type ClusterSummaryRead } from './clusterSummary';
import { allTimedOut } from '../gatewayTimeout';
import { operationView, planView } from './operationView';
import { profileViews } from './profileViews';
import { withRunningPods } from './runningPods';
import { proposedSpecs } from './proposedSpecs';
import type { ReadCache } from './ReadCache';
import { requestEffect, type RequestEffect } from './requestEffect';
import { requestPlanMarkdown } from './requestMarkdown';
import type { SpecSource } from './SpecSource';

export interface FargateServiceOptions {
  clusters: ClusterAccounts;
  specs: SpecSource;
  specsConfig: SpecsConfig;
  cache: ReadCache;
  logger: LoggerService;
  /** Pod access (`fargate.podImpact`): the views' plans read each cluster's pods. */
  pods?: PodAccess;
}

/** A proposal checked and planned with its cluster's specs (plan preview and requests). */
export interface Evaluation {
  proposal: ProfileProposal;
  cluster: ClusterConfig;
  /** The spec file in the specs repository, what the proposal does to it, and its content before and after. */
  file: string;
  fileAction: SpecFileAction;
  before?: string;
  content: string;
  /** The cluster's whole plan with the proposal. */
  plan: Plan;
  /** What the proposal changes, apart from the cluster's other pending changes. */
  effect: RequestEffect;
  /** Findings about the proposal (its effect's, plus the request's own: a file name taken, no change). */
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
      (await this.options.clusters.list()).map(async (config): Promise<ClusterSummaryRead> => {
        let target: ClusterTarget;
        try {
          target = await this.options.clusters.target(config);
        } catch (error) {
          this.options.logger.warn(
            `fargate cluster ${config.name} (${config.region}) cannot be reached: ${errorText(error)}`,
          );
          return {
            summary: { name: config.name, region: config.region, subnets: [], error: errorText(error) },
            failure: error,
          };
        }
        return summarizeCluster(target, new AccountReader(target.account), this.options.logger);
      }),
    );
    const stalled = allTimedOut(
      reads.map(r => r.failure),
      'AWS',
    );
    if (stalled) throw stalled;
    return reads.map(r => r.summary);
  }

  /**
   * The cluster's profiles view. It is computed from cached reads once per cache period and kept until
   * those reads expire, so a page load from a warm cache costs no planning either, and one cache lookup.
   */
  async clusterProfiles(name: string): Promise<ClusterProfilesResponse> {
    const config = await this.options.clusters.find(name);
    if (!config) throw new NotFoundError(`no cluster named '${name}' is configured`);
    const { cache } = this.options;
    return cache.memo(
      `view:${config.region}:${config.name}`,
      async () => {
        // Remembered for the cache's lifetime (alike on every replica), so it tells when the cached AWS answers were fetched.
        const readAt = await cache.read(`readAt:${config.region}:${config.name}`, async () => new Date().toISOString());
        return this.computeProfiles(config, readAt);
      },
      { expiresAt: view => Date.parse(view.readAt) + cache.ttl },
    );
  }

  private async computeProfiles(config: ClusterConfig, readAt: string): Promise<ClusterProfilesResponse> {
    const link = (file: string, line: number) => this.options.specs.linkTo(file, line);
    let target: ClusterTarget;
    try {
      target = await this.options.clusters.target(config);
    } catch (error) {
      // Its credentials did not come in time: answered as the timeout it is (504), like a stalled read.
      if (isCallTimeout(error)) throw error;
      // No account to read: the specs are still worth showing, undecided.
      const message = errorText(error);
      const specs = specsOfCluster((await this.desiredOrDiagnostic()).specs, config);
      const ref = { name: config.name, region: config.region };
      return {
        cluster: { ...ref, subnets: [], error: message },
        profiles: profileViews({ cluster: ref, live: [], specs, operations: [], link }),
        diagnostics: [
          {
            severity: 'error',
            code: 'fargate.account-unreachable',
            message: `The cluster's account cannot be reached: ${message}`,
            cluster: config.name,
          },
        ],
        readAt,
      };
    }
    const reader = new AccountReader(target.account);
    const [{ summary, failure }, desired] = await Promise.all([
      summarizeCluster(target, reader, this.options.logger),
      this.desiredOrDiagnostic(),
    ]);
    // AWS did not answer for the cluster: a plan would only repeat the timeout (the router answers 504).
    if (isCallTimeout(failure)) throw failure;
    const specs = specsOfCluster(desired.specs, config);
    const pods = this.options.pods ? { pods: this.options.pods } : {};
    const planned = await plan(planInputOf(desired, config, specs), reader, {
      defaultRegion: config.region,
      clusters: [target.ref],
      ...pods,
    });
    // A failed read is already among the plan's diagnostics.
    const live = summary.error ? [] : await reader.listLiveProfiles(target.ref).catch(() => []);
    const clusterPlan = planned.clusters.find(c => c.cluster === config.name && c.region === config.region);
    const views = profileViews({
      cluster: target.ref,
      live,
      specs,
      operations: clusterPlan?.operations ?? [],
      link,
    });
    return {
      cluster: summary,
      ...withRunningPods(views, planned, target.ref),
      diagnostics: planned.diagnostics,
      readAt,
    };
  }

  async previewPlan(request: PlanPreviewRequest): Promise<PlanPreviewResponse> {
    const evaluation = await this.evaluate(request);
    return {
      kind: request.kind,
      valid: evaluation.valid,
      diagnostics: evaluation.diagnostics,
      operations: evaluation.effect.operations.map(operationView),
      otherOperations: evaluation.effect.otherOperations.map(operationView),
      plan: planView(evaluation.plan, evaluation.cluster),
      markdown: this.markdown(evaluation),
      file: evaluation.file,
      fileAction: evaluation.fileAction,
      content: evaluation.content,
    };
  }

  /**
   * Static and live validation plus the plan of a proposal (a new spec, a changed one, one removed)
   * beside its cluster's specs, and the plan without it (same reads), to tell the proposal's effect
   * from what is pending anyway.
   */
  async evaluate(proposal: ProfileProposal): Promise<Evaluation> {
    const config = await this.clusterOf(proposal.cluster);
    const desired = await this.desired();
    const specs = specsOfCluster(desired.specs, config);
    const proposed = await proposedSpecs(proposal, {
      cluster: config,
      specs,
      allSpecs: desired.specs,
      folder: this.options.specsConfig.folder,
      parseOptions: this.parseOptions(),
      readFile: async path => (await this.options.specs.readFiles()).find(f => f.path === path)?.content,
    });
    const target = await this.options.clusters.target(config);
    const reader = new AccountReader(target.account);
    const input = planInputOf(desired, config, specs);
    const options = { defaultRegion: config.region, clusters: [target.ref] };
    // With pod access the plan with the proposal says which pods it stops or moves (the one without need not).
    const pods = this.options.pods ? { pods: this.options.pods } : {};
    const [planned, without] = await Promise.all([
      plan({ ...input, specs: proposed.specs }, reader, { ...options, ...pods }),
      plan(input, reader, options),
    ]);
    // A plan turns failed reads into diagnostics; when AWS did not answer for the cluster at all, say
    // so (504, from the read the reader kept) rather than call the request invalid.
    await reader.describeCluster(target.ref).catch((error: unknown) => {
      if (isCallTimeout(error)) throw error;
    });
    const effect = requestEffect({
      withRequest: planned,
      without,
      cluster: config,
      spec: proposal.name,
      file: proposed.file,
      lines: proposed.lines,
    });
    const diagnostics = [...effect.diagnostics, ...proposed.diagnostics];
    return {
      proposal,
      cluster: config,
      file: proposed.file,
      fileAction: proposed.fileAction,
      ...(proposed.before !== undefined ? { before: proposed.before } : {}),
      content: proposed.content,
      plan: planned,
      effect,
      diagnostics,
      valid: !hasErrors(diagnostics),
    };
  }

  /** The specs that resource refs (`<cluster>/<spec>`) name, as permission rules see them; undefined for refs that name none. */
  async profileResources(refs: string[], ownerTag: string): Promise<(FargateProfileResource | undefined)[]> {
    const { specs } = await this.desired();
    const clusters = await this.options.clusters.list();
    return refs.map(ref => {
      const named = parseProfileResourceRef(ref);
      const config = named && clusters.find(c => c.name === named.cluster);
      const spec = config && specsOfCluster(specs, config).find(s => s.name === named.spec);
      if (!spec) return undefined;
      const owner = profileOwnerOf(spec.tags, ownerTag);
      return { cluster: config.name, spec: spec.name, ...(owner ? { owner } : {}) };
    });
  }

  async explain(request: ExplainRequest): Promise<ExplainResponse> {
    const config = await this.clusterOf(request.cluster);
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
    return requestPlanMarkdown(
      evaluation.plan,
      { ...evaluation.effect, diagnostics: evaluation.diagnostics },
      {
        cluster: evaluation.cluster,
        branch: this.options.specsConfig.branch,
        sourceUrl: (file, line) => this.options.specs.linkTo(file, line),
      },
    );
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
      if (this.parsed?.key !== key) this.parsed = { key, result: parseSpecFiles(files, this.parseOptions()) };
      return this.parsed.result;
    });
  }

  /** The specs, or when they cannot be read an error that says so (the live side is still worth showing). */
  private async desiredOrDiagnostic(): Promise<ParseResult> {
    try {
      return await this.desired();
    } catch (error) {
      this.options.logger.warn(`fargate specs could not be read: ${errorText(error)}`);
      const diagnostic: Diagnostic = {
        severity: 'error',
        code: 'fargate.specs-unreadable',
        message: `The specs could not be read: ${errorText(error)}`,
      };
      // The whole folder as one document that failed: any spec may be in it, so no live profile looks removed.
      return {
        specs: [],
        clusters: [],
        failed: [{ file: this.options.specsConfig.folder, diagnostics: [diagnostic] }],
        skipped: [],
        diagnostics: [diagnostic],
      };
    }
  }

  private parseOptions(): ParseOptions {
    const defaultCluster = this.options.specsConfig.defaultCluster;
    return defaultCluster ? { defaultCluster } : {};
  }

  private async clusterOf(name: string): Promise<ClusterConfig> {
    const config = await this.options.clusters.find(name);
    if (!config) {
      const message = `no cluster named '${name}' is configured`;
      throw new RequestValidationError(`invalid request: cluster: ${message}`, [{ path: 'cluster', message }]);
    }
    return config;
  }
}
