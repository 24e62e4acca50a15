import { mdCode, mdFence, mdText } from '@fargatekeeper/core';

export interface PullRequestText {
  requester: string;
  reason: string;
  cluster: string;
  name: string;
  file: string;
  content: string;
  /** The plan as core renders it (already escaped). */
  planMarkdown: string;
}

/** Hidden marker so tools can recognise portal requests among pull requests. */
export const REQUEST_MARKER = '<!-- fargatekeeper:portal-request -->';

export function pullRequestTitle(text: Pick<PullRequestText, 'cluster' | 'name'>): string {
  return `Fargate profile request: ${text.name} on ${text.cluster}`;
}

/**
 * The pull request body: who asked and why, the spec file, and the plan. Every user-supplied string is
 * escaped (the reason line by line, so it stays a quote and cannot inject markup, mentions or links).
 */
export function pullRequestBody(text: PullRequestText): string {
  const reason = text.reason
    .split(/\r\n?|\n/)
    .map(line => (line.trim() === '' ? '>' : `> ${mdText(line)}`))
    .join('\n');
  return [
    REQUEST_MARKER,
    `Requested by ${mdCode(text.requester)} through the Backstage portal: Fargate profile ${mdCode(text.name)} on cluster ${mdCode(text.cluster)}.`,
    '',
    '**Reason**',
    '',
    reason,
    '',
    `**Spec** ${mdCode(text.file)}`,
    '',
    mdFence(text.content.replace(/\n$/, ''), 'yaml'),
    '',
    text.planMarkdown,
  ].join('\n');
}
