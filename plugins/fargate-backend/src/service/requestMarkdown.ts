import {
  htmlText,
  mdCode,
  mdInline,
  operationLabel,
  renderMarkdown,
  safeUrl,
  subjectLabel,
  type Operation,
  type Plan,
} from '@fargatekeeper/core';
import { operationView } from './operationView';
import { planOfRequest, type RequestEffect } from './requestEffect';

export interface RequestMarkdownOptions {
  cluster: { name: string; region: string };
  /** The branch the other pending changes are on. */
  branch: string;
  /** Link to a spec line (absent for a local folder without repository). */
  sourceUrl: (file: string, line: number) => string | undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The plan as the request form and the pull request show it: core's rendering of the request's own
 * operations and findings first, then the cluster's other pending operations folded into one line
 * ("3 other pending changes in `prod-eu`"), since they are not the request's doing.
 */
export function requestPlanMarkdown(plan: Plan, effect: RequestEffect, options: RequestMarkdownOptions): string {
  const sourceUrl = (file: string, line: number) => options.sourceUrl(file, line) ?? '';
  const own = renderMarkdown(planOfRequest(plan, effect, options.cluster), { mode: 'plan', sourceUrl });
  if (effect.otherOperations.length === 0) return own;
  const summary = `${plural(effect.otherOperations.length, 'other pending change')} in <code>${htmlText(options.cluster.name)}</code>, not part of this request`;
  const body = [
    `They are in Git (${mdCode(options.branch)}) but not applied yet; the apply after a merge makes them as well.`,
    '',
    ...effect.otherOperations.map(o => `- ${operationLine(o, sourceUrl)}`),
  ].join('\n');
  const folded = `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
  // Before core's footer line ("Applied when this pull request is merged."), which closes the plan.
  const footer = own.lastIndexOf('\n\n<sub>');
  return footer < 0
    ? `${own.replace(/\n+$/, '')}\n\n${folded}\n`
    : `${own.slice(0, footer)}\n\n${folded}${own.slice(footer)}`;
}

/** "replace (create new, then delete old) `old → new`: `subnets` changed [`file:line`](url)". */
function operationLine(o: Operation, sourceUrl: (file: string, line: number) => string): string {
  const { reason, source } = operationView(o);
  const parts = [`${operationLabel(o)} ${mdCode(subjectLabel(o))}: ${mdInline(reason)}`];
  if (source) {
    const label = mdCode(`${source.file}:${source.line}`);
    const url = safeUrl(sourceUrl(source.file, source.line));
    parts.push(url ? `[${label}](${url})` : label);
  }
  return parts.join(' ');
}
