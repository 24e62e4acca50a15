import { createHash } from 'node:crypto';
import type { ProfileProposal } from '@fargatekeeper/backstage-plugin-fargate-common';

/** JSON with every object's keys sorted, so equal content always reads alike. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a proposal asks for, in a canonical form: no reason, no requester; labels and tags by key, no empty maps. */
function proposalContent(proposal: ProfileProposal): unknown {
  if (proposal.kind === 'delete') return { kind: proposal.kind, cluster: proposal.cluster, name: proposal.name };
  return {
    kind: proposal.kind,
    cluster: proposal.cluster,
    name: proposal.name,
    selectors: proposal.selectors.map(s => ({ namespace: s.namespace, labels: s.labels ?? {} })),
    subnets: proposal.subnets,
    podExecutionRoleArn: proposal.podExecutionRoleArn ?? null,
    tags: proposal.tags ?? {},
  };
}

/**
 * The key of a proposal: 12 hex digits of the SHA-256 of its canonical content. Identical proposals
 * (whoever sends them, whatever their reason) get the same key, and so the same branch and pull request.
 */
export function requestKey(proposal: ProfileProposal): string {
  return createHash('sha256')
    .update(canonicalJson(proposalContent(proposal)))
    .digest('hex')
    .slice(0, 12);
}
