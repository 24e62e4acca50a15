import type { Diagnostic } from '../diagnostics';
import { hasNodes, isLive, placementAfter, type MatchingProfile } from './placement';
import { COMPUTE_TYPE_KEY, type ClusterWorkloads } from './types';

/** The ConfigMap Fargate's built-in log router reads (namespace `aws-observability`, name `aws-logging`). */
export const LOGGING_NAMESPACE = 'aws-observability';
export const LOGGING_CONFIGMAP = 'aws-logging';

const isCoreDns = (pod: { namespace: string; labels: Record<string, string> }) =>
  pod.namespace === 'kube-system' && pod.labels['k8s-app'] === 'kube-dns';

// The fixes as the Amazon EKS User Guide gives them ("Get started with AWS Fargate for your cluster",
// step 4 "Update CoreDNS"; "Start AWS Fargate logging for your cluster").
const COREDNS_PROFILE_FIX =
  'Create a Fargate profile for CoreDNS (with fargatekeeper: a spec with the selector `namespace: kube-system`, `labels: { k8s-app: kube-dns }`; ' +
  'with the AWS CLI: `aws eks create-fargate-profile --fargate-profile-name coredns --cluster-name <my-cluster> --pod-execution-role-arn <role-arn> ' +
  '--selectors namespace=kube-system,labels={k8s-app=kube-dns} --subnets <private-subnets>`), then trigger a rollout of the `coredns` deployment: ' +
  '`kubectl rollout restart -n kube-system deployment coredns`';
const COREDNS_ANNOTATION_FIX =
  'Remove the `eks.amazonaws.com/compute-type : ec2` annotation from the CoreDNS Pods: ' +
  '`kubectl patch deployment coredns -n kube-system --type json -p=\'[{"op": "remove", "path": "/spec/template/metadata/annotations/eks.amazonaws.com~1compute-type"}]\'`, ' +
  'then `kubectl rollout restart -n kube-system deployment coredns`';
const LOGGING_FIX =
  'Create a dedicated Kubernetes namespace named `aws-observability` (with the label `aws-observability: enabled`) and in it a `ConfigMap` named `aws-logging` ' +
  'with an `output.conf` for your log destination (https://docs.aws.amazon.com/eks/latest/userguide/fargate-logging.html); ' +
  'changes apply to new Pods only';

/**
 * What Fargate needs of a cluster beyond its profiles, judged on the cluster as the plan leaves it:
 * on a cluster without nodes CoreDNS must run on Fargate (a profile takes its pods, and the
 * `eks.amazonaws.com/compute-type: ec2` annotation of EKS's default deployment is gone), and with
 * profiles the log router wants its ConfigMap. Warnings with the fix AWS documents.
 */
export function fargateClusterChecks(
  cluster: string,
  profiles: readonly MatchingProfile[],
  workloads: ClusterWorkloads,
): Diagnostic[] {
  const findings: Diagnostic[] = [];
  if (!hasNodes(workloads.nodes)) {
    const coreDns = workloads.pods.filter(p => isLive(p) && isCoreDns(p));
    const pinned = coreDns.filter(p => p.annotations[COMPUTE_TYPE_KEY] === 'ec2');
    const unmatched = coreDns.filter(p => placementAfter(p, profiles, false).kind !== 'profile');
    if (pinned.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'cluster.coredns-ec2',
        cluster,
        message: `${pinned.length} CoreDNS pod${pinned.length === 1 ? ' carries' : 's carry'} the annotation \`eks.amazonaws.com/compute-type: ec2\`, and the cluster has no nodes: DNS stays down (Pending)`,
        hint: COREDNS_ANNOTATION_FIX,
      });
    }
    if (unmatched.length > 0) {
      findings.push({
        severity: 'warning',
        code: 'cluster.coredns-unmatched',
        cluster,
        message: `${unmatched.length} CoreDNS pod${unmatched.length === 1 ? ' matches' : 's match'} no Fargate profile once the plan is applied, and the cluster has no nodes: DNS stays down (Pending)`,
        hint: COREDNS_PROFILE_FIX,
      });
    }
  }
  if (profiles.length > 0 && !workloads.loggingConfigMap) {
    findings.push({
      severity: 'warning',
      code: 'cluster.logging-missing',
      cluster,
      message: `The ConfigMap \`${LOGGING_NAMESPACE}/${LOGGING_CONFIGMAP}\` is missing: Fargate pods ship no logs (their annotation says \`LoggingDisabled: LOGGING_CONFIGMAP_NOT_FOUND\`)`,
      hint: LOGGING_FIX,
    });
  }
  return findings;
}
