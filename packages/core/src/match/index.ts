export { globMatches, globsIntersect, globContains, hasWildcards } from './glob';
export { selectorMatchesPod, explainSelector } from './selector';
export type { Pod, SelectorExplanation } from './selector';
export { explainPod, profileLabel, byEksName } from './explain';
export type { PodExplanation, ProfileExplanation, Decision } from './explain';
export { analyzeOverlaps, selectorsOverlap, labelsCanCoexist } from './overlaps';
export type { OverlapProfile } from './overlaps';
