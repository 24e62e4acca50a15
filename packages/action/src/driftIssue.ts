import { createHash } from 'node:crypto';
import { hijackMessage, mdCode, mdInline, subjectLabel, type Drift, type DriftFinding } from '@fargatekeeper/core';
import type { GitHubClient, Repository } from './github';
import { gitHubCall, type GitHubCall } from './githubErrors';

/** The label of the one open drift issue; a clean drift check (or a clean apply) closes it. */
export const DRIFT_LABEL = 'fargatekeeper-drift';
export const DRIFT_ISSUE_TITLE = 'fargatekeeper: the live Fargate profiles differ from Git';
/** Hidden in the drift issue's body: a digest of what it reports, so a run comments only when the drift changed. */
const DRIFT_MARKER = 'fargatekeeper:drift';

/** Issue bodies and comments hold at most 65536 characters; leave room for the lines around the plan. */
const MAX_PLAN_CHARS = 60_000;

export interface DriftReport {
  number: number;
  url: string;
  action: 'opened' | 'updated' | 'unchanged';
}

/** One line per finding, for the issue and the log (values quoted as the engine quotes them). */
export function findingLine(finding: DriftFinding): string {
  switch (finding.kind) {
    case 'change':
      return `\`${finding.operation.cluster}\`: an apply would ${finding.operation.op} \`${subjectLabel(finding.operation)}\``;
    case 'hijack':
      return `\`${finding.hijack.cluster}\`: ${hijackMessage(finding.hijack)}`;
  }
  const unknown: never = finding;
  return unknown;
}

/** The drift issue's body: what drifted, where it was seen, and the plan. */
export function driftIssueBody(
  drift: Drift,
  at: { runUrl?: string; commit: string; commitUrl: string },
  planMarkdown: string,
): string {
  const lines = drift.findings.map(findingLine);
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
  const seen = at.runUrl ? `[this drift check](${at.runUrl})` : 'a drift check';
  const plan =
    planMarkdown.length > MAX_PLAN_CHARS
      ? `${planMarkdown.slice(0, MAX_PLAN_CHARS)}\n\n…(cut; the run's job summary has the whole plan)`
      : planMarkdown;
  return `${[
    `<!-- ${DRIFT_MARKER} ${digest} -->`,
    `Seen by ${seen} at commit [${mdCode(at.commit.slice(0, 7))}](${at.commitUrl}).`,
    lines.map(line => `- ${mdInline(line)}`).join('\n'),
    'An apply on the default branch brings changed profiles back to Git. A profile that takes pods of a spec needs a person: narrow or delete it, adopt it with a spec, or label the pods.',
    `<details><summary>Plan</summary>\n\n${plan}\n</details>`,
    '<sub>The next clean drift check or successful apply closes this issue.</sub>',
  ].join('\n\n')}\n`;
}

const digestOf = (body: string | null | undefined): string | undefined =>
  new RegExp(`<!-- ${DRIFT_MARKER} ([0-9a-f]+) -->`).exec(body ?? '')?.[1];

/**
 * One open issue labelled `fargatekeeper-drift`: opened on the first drift, its body replaced with the
 * current drift on the next, and a comment added only when the drift differs from what it said.
 */
export async function reportDrift(
  github: GitHubClient,
  repository: Repository,
  body: string,
  runUrl: string | undefined,
): Promise<DriftReport> {
  const open = (await openIssuesLabelled(github, repository, DRIFT_LABEL))[0];
  if (!open) {
    const opening = issueCall(
      `opening the drift issue in ${nameOf(repository)}`,
      `the repository ${nameOf(repository)} does not exist`,
    );
    const { data } = await gitHubCall(opening, () =>
      github.rest.issues.create({ ...repository, title: DRIFT_ISSUE_TITLE, body, labels: [DRIFT_LABEL] }),
    );
    return { number: data.number, url: data.html_url, action: 'opened' };
  }
  const changed = digestOf(open.body) !== digestOf(body);
  const updating = issueCall(`updating the drift issue #${open.number}`, `issue #${open.number} was deleted meanwhile`);
  await gitHubCall(updating, () => github.rest.issues.update({ ...repository, issue_number: open.number, body }));
  if (changed) {
    const note = `The drift changed${runUrl ? ` (seen by ${runUrl})` : ''}; the description above is the current state.`;
    await gitHubCall(updating, () =>
      github.rest.issues.createComment({ ...repository, issue_number: open.number, body: note }),
    );
  }
  return { number: open.number, url: open.html_url, action: changed ? 'updated' : 'unchanged' };
}

/** Closes every open issue with one of `labels`, each with a comment saying what resolved it; returns their numbers. */
export async function closeResolvedIssues(
  github: GitHubClient,
  repository: Repository,
  labels: readonly string[],
  resolvedBy: string,
): Promise<number[]> {
  const closed: number[] = [];
  for (const label of labels) {
    for (const issue of await openIssuesLabelled(github, repository, label)) {
      if (closed.includes(issue.number)) continue;
      const closing = issueCall(`closing issue #${issue.number}`, `issue #${issue.number} was deleted meanwhile`);
      await gitHubCall(closing, () =>
        github.rest.issues.createComment({
          ...repository,
          issue_number: issue.number,
          body: `Resolved by ${resolvedBy}.`,
        }),
      );
      await gitHubCall(closing, () =>
        github.rest.issues.update({
          ...repository,
          issue_number: issue.number,
          state: 'closed',
          state_reason: 'completed',
        }),
      );
      closed.push(issue.number);
    }
  }
  return closed;
}

interface OpenIssue {
  number: number;
  html_url: string;
  body?: string | null;
}

async function openIssuesLabelled(github: GitHubClient, repository: Repository, label: string): Promise<OpenIssue[]> {
  const listing: GitHubCall = {
    doing: `listing the open issues labelled ${label} in ${nameOf(repository)}`,
    permission: 'issues: read',
    notFound: `the repository ${nameOf(repository)} does not exist`,
  };
  return gitHubCall(listing, async () => {
    const found: OpenIssue[] = [];
    const pages = github.paginate.iterator(github.rest.issues.listForRepo, {
      ...repository,
      labels: label,
      state: 'open',
      sort: 'created',
      direction: 'asc',
      per_page: 100,
    });
    // The issues API lists pull requests too; only real issues count.
    for await (const page of pages) found.push(...page.data.filter(item => !item.pull_request));
    return found;
  });
}

const nameOf = (repository: Repository): string => `${repository.owner}/${repository.repo}`;
const issueCall = (doing: string, notFound: string): GitHubCall => ({ doing, permission: 'issues: write', notFound });
