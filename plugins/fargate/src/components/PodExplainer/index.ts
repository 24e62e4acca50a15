export { PodExplainer } from './PodExplainer';
