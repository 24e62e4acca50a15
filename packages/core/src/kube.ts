/**
 * `@fargatekeeper/core/kube`: the Kubernetes port implemented with `@kubernetes/client-node` (Node
 * only): pod access as EKS expects it (a token presigned for STS GetCallerIdentity, endpoint and CA
 * from DescribeCluster) or from a kubeconfig file.
 *
 * @packageDocumentation
 */
export { eksPodAccess, type EksPodAccessOptions } from './kube/client/eksPodAccess';
export { kubeconfigPodAccess, type KubeconfigPodAccessOptions } from './kube/client/kubeconfigPodAccess';
export {
  EKS_TOKEN_PREFIX,
  EksTokenSource,
  eksToken,
  presignCallerIdentity,
  type PresignInput,
} from './kube/client/eksToken';
export { KubernetesApiError } from './kube/client/KubernetesClusterApi';
