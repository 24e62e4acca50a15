import { mdCode, mdFence, mdText } from '@fargatekeeper/core';
import type { ProposalKind, SpecFileAction } from '@fargatekeeper/backstage-plugin-fargate-common';

export interface PullRequestText {
  kind: ProposalKind;
  requester: string;
  reason: string;
  cluster: string;
  name: string;
  file: string;
  fileAction: SpecFileAction;
  /** The file's content after the request (empty when the file goes). */
  content: string;
  /** The plan as core renders it (already escaped). */
  planMarkdown: string;
}

/** Hidden marker so tools can recognise portal requests among pull requests. */
export const REQUEST_MARKER = '<!-- fargatekeeper:portal-request -->';

const titles: Record<ProposalKind, string> = {
  create: 'Fargate profile request',
  change: 'Fargate profile change',
  delete: 'Fargate profile removal',
};

const asked: Record<ProposalKind, string> = {
  create: 'Fargate profile',
  change: 'a change of Fargate profile',
  delete: 'the removal of Fargate profile',
};

export function pullRequestTitle(text: Pick<PullRequestText, 'kind' | 'cluster' | 'name'>): string {
  return `${titles[text.kind]}: ${text.name} on ${text.cluster}`;
}

/** The spec file as the pull request leaves it: the new or edited file in full, or what goes. */
function specSection(text: PullRequestText): string[] {
  const file = mdCode(text.file);
  if (text.fileAction === 'delete') return [`**Spec** ${file} is removed: ${mdCode(text.name)} was its only spec.`];
  const heading =
    text.kind === 'delete' ? `**Spec** ${mdCode(text.name)} is removed from ${file}, which keeps:` : `**Spec** ${file}`;
  return [heading, '', mdFence(text.content.replace(/\n$/, ''), 'yaml')];
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
    `Requested by ${mdCode(text.requester)} through the Backstage portal: ${asked[text.kind]} ${mdCode(text.name)} on cluster ${mdCode(text.cluster)}.`,
    '',
    '**Reason**',
    '',
    reason,
    '',
    ...specSection(text),
    '',
    text.planMarkdown,
  ].join('\n');
}
