import type { ClusterRef } from '../account/types';

/** The pod label the Fargate admission webhook sets to the profile that took the pod (and which a pod may set to pick one). */
export const FARGATE_PROFILE_LABEL = 'eks.amazonaws.com/fargate-profile';
/** Node label of Fargate's own nodes (`fargate`), and the pod annotation (`ec2`) that keeps EKS's default CoreDNS off Fargate. */
export const COMPUTE_TYPE_KEY = 'eks.amazonaws.com/compute-type';
/** The scheduler Fargate pods are handed to; every other pod waits for a node. */
export const FARGATE_SCHEDULER = 'fargate-scheduler';

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** The pod's controller: its ownerReference with `controller: true`, as `Kind/name`. */
export interface PodController {
  kind: string;
  name: string;
}

/** A pod as fargatekeeper needs it from `GET /api/v1/pods`. */
export interface ClusterPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  phase: PodPhase;
  /** `spec.nodeName`: the node it was bound to (absent while unscheduled). */
  nodeName?: string;
  /** `spec.schedulerName` (`default-scheduler`, `fargate-scheduler`). */
  schedulerName?: string;
  /** The direct owner with `controller: true` (a ReplicaSet for a Deployment's pods: ReplicaSets are not read). */
  controller?: PodController;
}

/** A node from `GET /api/v1/nodes`. */
export interface ClusterNode {
  name: string;
  /** Labelled `eks.amazonaws.com/compute-type: fargate`: one Fargate pod's own node, not capacity for others. */
  fargate: boolean;
}

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** A Kubernetes label selector (`matchLabels` and `matchExpressions`, ANDed). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

/** A PodDisruptionBudget from `GET /apis/policy/v1/poddisruptionbudgets`. */
export interface DisruptionBudget {
  namespace: string;
  name: string;
  /** Absent: the budget selects no pod (policy/v1). */
  selector?: LabelSelector;
  /** `status.disruptionsAllowed`. */
  disruptionsAllowed: number;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

/** What fargatekeeper reads of one cluster, read once per run. */
export interface ClusterWorkloads {
  pods: ClusterPod[];
  nodes: ClusterNode[];
  budgets: DisruptionBudget[];
  /** Whether `aws-observability/aws-logging` exists (the ConfigMap Fargate's log router reads). */
  loggingConfigMap: boolean;
}

/** One cluster's Kubernetes API, read-only but for deleting pods (`--recycle-pending`). Every call is bounded by the call policy. */
export interface ClusterApi {
  readWorkloads(): Promise<ClusterWorkloads>;
  listPods(): Promise<ClusterPod[]>;
  deletePod(namespace: string, name: string): Promise<void>;
}

/** How a cluster of a run is reached, or why it is not (said as an info, never a failure). */
export type ClusterConnection =
  { kind: 'connected'; api: ClusterApi; via: string } | { kind: 'unavailable'; reason: string };

/**
 * The Kubernetes port: per cluster of a run, its API. Resolved once per run over all its clusters,
 * because a kubeconfig's current context may stand for a cluster only when the run has one.
 * Implemented with `@kubernetes/client-node` in `@fargatekeeper/core/kube`.
 */
export interface PodAccess {
  connect(clusters: readonly ClusterRef[]): Promise<ReadonlyMap<string, ClusterConnection>>;
}
