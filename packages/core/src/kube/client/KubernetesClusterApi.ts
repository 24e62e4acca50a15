import { STATUS_CODES } from 'node:http';
import {
  ApiException,
  CoreV1Api,
  Observable,
  PolicyV1Api,
  type KubeConfig,
  type ObservableMiddleware,
  type RequestContext,
  type ResponseContext,
} from '@kubernetes/client-node';
import type { CallPolicy } from '../../callPolicy';
import { CallTimeoutError } from '../../callTimeout';
import { LOGGING_CONFIGMAP, LOGGING_NAMESPACE } from '../fargateChecks';
import type { ClusterApi, ClusterPod, ClusterWorkloads } from '../types';
import { budgetOf, nodeOf, podOf } from './convert';

/** Items per list page: big clusters are read in a few calls, each well within a call's time. */
const PAGE_SIZE = 500;

/** A Kubernetes API answer that is no success: its HTTP status and the API's own message. */
export class KubernetesApiError extends Error {
  override readonly name = 'KubernetesApiError';
  constructor(
    readonly operation: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Whether asking again may pass: throttling, server failures, a connection that broke. */
function isTransient(error: unknown): boolean {
  if (error instanceof KubernetesApiError) return error.status === 429 || error.status >= 500;
  const code = (error as { code?: string })?.code;
  return code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET';
}

/** The Status message of an API error body (`{"kind":"Status","message":...}`), when it has one. */
function statusMessage(body: unknown): string | undefined {
  try {
    const parsed =
      typeof body === 'string'
        ? (JSON.parse(body) as { message?: unknown })
        : (body as { message?: unknown } | undefined);
    return typeof parsed?.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

const ACCESS_HINT =
  'the identity needs an EKS access entry (or RBAC) that may list pods, nodes and poddisruptionbudgets; see docs/pod-impact.md';

/**
 * One cluster's Kubernetes API over `@kubernetes/client-node`: lists every page of pods, nodes and
 * PodDisruptionBudgets, reads the logging ConfigMap, deletes pods. Each call is bounded by the call
 * policy (a timeout per attempt that aborts the request, attempts for throttling, 5xx and broken
 * connections); every failure names the call and the cluster.
 */
export class KubernetesClusterApi implements ClusterApi {
  private readonly core: CoreV1Api;
  private readonly policyApi: PolicyV1Api;

  constructor(
    config: KubeConfig,
    private readonly cluster: string,
    private readonly callPolicy: CallPolicy,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.policyApi = config.makeApiClient(PolicyV1Api);
  }

  async readWorkloads(): Promise<ClusterWorkloads> {
    const [pods, nodes, budgets, loggingConfigMap] = await Promise.all([
      this.listPods(),
      this.listAll('ListNodes', (_continue, options) =>
        this.core.listNode({ limit: PAGE_SIZE, ...(_continue ? { _continue } : {}) }, options),
      ).then(items => items.map(nodeOf)),
      this.listAll('ListPodDisruptionBudgets', (_continue, options) =>
        this.policyApi.listPodDisruptionBudgetForAllNamespaces(
          { limit: PAGE_SIZE, ...(_continue ? { _continue } : {}) },
          options,
        ),
      ).then(items => items.map(budgetOf)),
      this.loggingConfigMapExists(),
    ]);
    return { pods, nodes, budgets, loggingConfigMap };
  }

  async listPods(): Promise<ClusterPod[]> {
    const items = await this.listAll('ListPods', (_continue, options) =>
      this.core.listPodForAllNamespaces({ limit: PAGE_SIZE, ...(_continue ? { _continue } : {}) }, options),
    );
    return items.map(podOf);
  }

  async deletePod(namespace: string, name: string): Promise<void> {
    try {
      await this.call('DeletePod', `${namespace}/${name}`, options =>
        this.core.deleteNamespacedPod({ namespace, name }, options),
      );
    } catch (error) {
      // Already gone (its controller or a retried attempt deleted it): what was asked for holds.
      if (error instanceof KubernetesApiError && error.status === 404) return;
      throw error;
    }
  }

  private async loggingConfigMapExists(): Promise<boolean> {
    try {
      await this.call('ReadConfigMap', `${LOGGING_NAMESPACE}/${LOGGING_CONFIGMAP}`, options =>
        this.core.readNamespacedConfigMap({ namespace: LOGGING_NAMESPACE, name: LOGGING_CONFIGMAP }, options),
      );
      return true;
    } catch (error) {
      if (error instanceof KubernetesApiError && error.status === 404) return false;
      throw error;
    }
  }

  private async listAll<T>(
    operation: string,
    page: (
      next: string | undefined,
      options: CallOptions,
    ) => Promise<{ items: T[]; metadata?: { _continue?: string } }>,
  ): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined;
    do {
      const from = next;
      const answer = await this.call(operation, undefined, options => page(from, options));
      items.push(...answer.items);
      next = answer.metadata?._continue || undefined;
    } while (next);
    return items;
  }

  /** One call, each attempt aborted after `timeoutMs`, retried while it may pass, at most `attempts` times. */
  private async call<T>(
    operation: string,
    target: string | undefined,
    send: (options: CallOptions) => Promise<T>,
  ): Promise<T> {
    const { timeoutMs, attempts } = this.callPolicy;
    let failure: unknown;
    let timeouts = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        return await send(this.optionsFor(controller.signal));
      } catch (error) {
        const timedOut = controller.signal.aborted;
        if (timedOut) timeouts++;
        failure = timedOut ? error : this.explained(operation, target, error);
        if (!timedOut && !isTransient(failure)) throw failure;
      } finally {
        clearTimeout(timer);
      }
      if (attempt < attempts)
        await new Promise(resolve => setTimeout(resolve, Math.min(2_000, 200 * 2 ** (attempt - 1))));
    }
    if (timeouts === attempts)
      throw new CallTimeoutError(
        operation,
        `${target ? `${target} in ` : ''}cluster ${this.cluster}`,
        timeoutMs,
        attempts,
        { cause: failure },
      );
    throw failure;
  }

  /** Per call: the attempt's abort signal on the request, beside the client's own middleware. */
  private optionsFor(signal: AbortSignal): CallOptions {
    const middleware: ObservableMiddleware = {
      pre: (context: RequestContext) => {
        context.setSignal(signal);
        return new Observable(Promise.resolve(context));
      },
      post: (context: ResponseContext) => new Observable(Promise.resolve(context)),
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' };
  }

  /** The client's error as one that names the call, the cluster and what the API said. */
  private explained(operation: string, target: string | undefined, error: unknown): unknown {
    const about = `${operation}${target ? ` ${target}` : ''} in cluster ${this.cluster}`;
    if (error instanceof ApiException) {
      const code = (error as { code: number }).code;
      const said = statusMessage((error as { body: unknown }).body);
      const hint = code === 401 || code === 403 ? `; ${ACCESS_HINT}` : '';
      return new KubernetesApiError(
        operation,
        code,
        `${about} answered HTTP ${code} ${STATUS_CODES[code] ?? ''}${said ? `: ${said}` : ''}${hint}`,
      );
    }
    // fetch's "fetch failed" says nothing: the connection's own error (ECONNREFUSED, a TLS refusal) does.
    const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
    if (error instanceof Error && cause?.message) {
      return Object.assign(
        new Error(`${about} failed: ${cause.message}`, { cause: error }),
        cause.code ? { code: cause.code } : {},
      );
    }
    return error;
  }
}

type CallOptions = { middleware: ObservableMiddleware[]; middlewareMergeStrategy: 'append' };
