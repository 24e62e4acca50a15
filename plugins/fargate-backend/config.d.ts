import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Configuration of the fargatekeeper backend plugin. */
  fargate?: {
    /**
     * The EKS clusters the portal shows. Credentials come from `aws.mainAccount` / `aws.accounts[]`
     * through `@backstage/integration-aws-node` (see the plugin README for the IAM policy).
     */
    clusters: Array<{
      /**
       * EKS cluster name.
       * @visibility frontend
       */
      name: string;
      /**
       * AWS region of the cluster.
       * @visibility frontend
       */
      region: string;
      /**
       * AWS account of the cluster; its credentials (a role to assume) are configured in
       * `aws.accounts[]`. Leave out for the main account.
       * @visibility backend
       */
      accountId?: string;
    }>;
    /**
     * Where the desired specs live: a GitHub repository (`url`, `folder`, `branch`), read through the
     * GitHub integration, or a `localFolder` (a checkout; with `url` as well, requests still open pull
     * requests on that repository).
     */
    specs: {
      /**
       * Repository URL, e.g. https://github.com/acme/platform. Requests open pull requests there.
       * @visibility frontend
       */
      url?: string;
      /**
       * Folder of the specs inside the repository (default `fargate`).
       * @visibility frontend
       */
      folder?: string;
      /**
       * Branch the specs are read from and pull requests target (default `main`).
       * @visibility frontend
       */
      branch?: string;
      /**
       * Read specs from this local folder instead of the GitHub API (relative to the working directory).
       * Its files are shown with their path in the repository: relative to the root of the git checkout
       * that holds the folder; outside a checkout, under `folder` when `url` is set, else under the
       * folder's own name.
       * @visibility backend
       */
      localFolder?: string;
      /**
       * Cluster of specs that name none (fargate-operator `FargateProfile`s), like the CLI's `--cluster`.
       * @visibility backend
       */
      defaultCluster?: string;
    };
    /**
     * A simulated account (JSON file, as written by `fargatekeeper --sim`) instead of AWS, for
     * development and demos. Every cluster is then read from it.
     * @visibility backend
     */
    simulatedAccount?: string;
    /**
     * How long AWS and GitHub reads are cached, in seconds (default 30).
     * @visibility backend
     */
    cacheTtlSeconds?: number;
    /**
     * Pod access (opt-in): the backend reads each cluster's pods, nodes and PodDisruptionBudgets
     * (read-only; an EKS access entry for the cluster's AWS identity, see docs/pod-impact.md), so the
     * cards show the running pods per profile and plan previews say which pods a change moves.
     * @visibility backend
     */
    podImpact?: boolean;
    /**
     * With `podImpact`: reach the clusters through this kubeconfig file (a context named after each
     * cluster, or by its ARN) instead of an EKS token from the cluster's AWS credentials.
     * @visibility backend
     */
    kubeconfig?: string;
    /**
     * The spec tag whose value names a profile's owner (default `owner`): a group name (`payments`) or
     * an entity ref (`group:default/payments`). The `isProfileOwner` permission rule reads it, so a
     * policy can let owners alone change or delete their profiles.
     * @visibility backend
     */
    ownerTag?: string;
    /** Self-service requests (pull requests on the specs repository). */
    requests?: {
      /**
       * Requests per user within a window (default 30 a minute), counted in the cache service, so
       * every replica that shares it counts the same; past it a request answers 429 with Retry-After.
       */
      rateLimit?: {
        /**
         * Requests per user and window (default 30).
         * @visibility backend
         */
        max?: number;
        /**
         * The window: a duration string ('1m', 'PT1M') or an object ({ minutes: 1 }); default 1 minute.
         * @visibility backend
         */
        window?: HumanDuration | string;
      };
    };
    /**
     * Bounds of every AWS and GitHub call: a stalled upstream fails a route (504, naming the call)
     * within timeout × attempts.
     */
    calls?: {
      /**
       * Longest wait for one attempt of a call, connecting included (default 30 s): a duration
       * string ('30s', '300ms', 'PT30S') or an object ({ seconds: 30 }).
       * @visibility backend
       */
      timeout?: HumanDuration | string;
      /**
       * Attempts per call, the first included (default 3): the SDK's and Octokit's own retries.
       * @visibility backend
       */
      attempts?: number;
    };
  };
}
