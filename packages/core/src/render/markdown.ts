import type { Diagnostic, Suggestion } from '../diagnostics';
import type { HealthIssue } from '../account/types';
import { assertNever } from '../assertNever';
import { doesSomething, sourceOf } from '../plan/operations';
import type {
  AdoptByReplaceOperation,
  ClusterPlan,
  DeleteProfileOperation,
  Operation,
  OperationKind,
  Plan,
  ReplaceOperation,
} from '../plan/types';
import {
  appearingOrGoing,
  countBySeverity,
  healthOf,
  operationLabel,
  plural,
  profileChangeOf,
  profileLabel,
  rolesBeside,
  shortFingerprint,
  subjectLabel,
  summaryLine,
  waitsForOf,
} from './common';
import { htmlText, mdCode, mdFence, mdInline, mdText, safeUrl } from './escape';
import { podImpactMarkdown } from './podImpact';
import { diffLines, profileLines } from './profileYaml';
import { deleteFirstOf, reasonText, waitsForText } from './reasons';

/** GitHub refuses comment bodies over 65536 characters. */
export const GITHUB_COMMENT_LIMIT = 65536;

export interface MarkdownOptions {
  /** Link to a spec line (e.g. the file at the planned commit); only http(s) links are used. */
  sourceUrl?: (file: string, line: number) => string;
  /** The commit the plan was made for (shown shortened in the footer). */
  commit?: string;
  /** `plan` on a pull request (applied on merge), `apply` when this plan is being applied, `drift` for a drift check. */
  mode?: 'plan' | 'apply' | 'drift';
  /**
   * Length budget; bigger plans are folded, then cut with a note. Default: GitHub's comment limit
   * less {@link CALLER_HEADROOM}, so a front door can append hidden lines (a fingerprint) safely.
   */
  maxLength?: number;
}

/** Characters the default budget leaves to the caller (e.g. the Action's hidden fingerprint line). */
export const CALLER_HEADROOM = 1024;

/** Above these, cluster sections fold into `<details>` so the summary and problems stay on screen. */
const FOLD_CLUSTERS_ABOVE = 3;
const FOLD_ROWS_ABOVE = 20;
/** Warnings shown open; the rest fold. */
const OPEN_WARNINGS = 10;
const OPEN_INFOS = 3;
/** Profiles the destructive-changes banner names before "and N more". */
const BANNER_NAMES = 10;
const ICON: Record<OperationKind, string> = {
  create: '➕',
  replace: '🔁',
  'adopt-in-place': '📥',
  'adopt-by-replace': '📥',
  retag: '🏷️',
  'delete-profile': '➖',
  'delete-role': '➖',
  wait: '⏳',
  'no-op': '✅',
  unmanaged: '👤',
};
const SEVERITY_ICON: Record<Diagnostic['severity'], string> = { error: '❌', warning: '⚠️', info: 'ℹ️' };

/**
 * The plan as a pull-request comment: headline, the summary line first, then per cluster a
 * table of changes with why, before → after of changed fields, and the problems found. Every string
 * from specs or AWS is escaped. Plans too big for one comment are folded, then shortened, and say so.
 */
export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const limit = options.maxLength ?? GITHUB_COMMENT_LIMIT - CALLER_HEADROOM;
  const banner = destructiveBanner(plan);
  const head = [headline(plan, options.mode), '', summaryBlock(plan), ...(banner ? ['', banner] : [])].join('\n');
  const foot = footer(plan, options);
  const rows = plan.clusters.reduce((n, c) => n + c.operations.filter(doesSomething).length, 0);
  const fold = plan.clusters.length > FOLD_CLUSTERS_ABOVE || rows > FOLD_ROWS_ABOVE;

  // Pod impact (with pod access) follows the clusters as blocks of its own, kept or dropped like them.
  const pods = podImpactMarkdown(plan);
  const full = [...plan.clusters.map(c => clusterBlock(c, plan, options, { fold, diffs: true })), ...pods];
  const problems = diagnosticsBlocks(plan, options);
  const assemble = (clusters: string[], diags: string[], note?: string) =>
    `${[head, ...clusters, ...diags, ...(note ? [note] : []), foot].join('\n\n')}\n`;

  let body = assemble(full, problems);
  if (body.length <= limit) return body;
  // Too long: drop the before → after blocks first (the table still says what changes and why).
  const compact = [...plan.clusters.map(c => clusterBlock(c, plan, options, { fold, diffs: false })), ...pods];
  body = assemble(
    compact,
    problems,
    '_Profile details (before → after, new and deleted profiles) are left out: the plan is too big for one comment._',
  );
  if (body.length <= limit) return body;
  // Still too long: as many clusters and problems as fit, whole blocks only (never a cut inside markup).
  const note = (clusters: number, diags: number) =>
    `✂️ **Shortened to fit a GitHub comment**: ${[
      clusters > 0 ? `${plural(clusters, 'cluster')}` : '',
      diags > 0 ? `${plural(diags, 'finding')}` : '',
    ]
      .filter(Boolean)
      .join(' and ')} not shown. Run \`fargatekeeper plan\` for the full plan.`;
  const reserve = head.length + foot.length + note(plan.clusters.length, plan.diagnostics.length).length + 64;
  let budget = limit - reserve;
  const keptProblems: string[] = [];
  const keptClusters: string[] = [];
  // Errors come first in the problem blocks and matter most: they get the budget before the clusters.
  const problemItems = problems.flatMap(block => splitItems(block));
  let problemBudget = budget / 2;
  for (const item of problemItems) {
    if (item.length + 2 > problemBudget) break;
    keptProblems.push(item);
    problemBudget -= item.length + 2;
    budget -= item.length + 2;
  }
  for (const block of compact) {
    if (block.length + 2 > budget) break;
    keptClusters.push(block);
    budget -= block.length + 2;
  }
  const shownDiagnostics = keptProblems.filter(p => p.startsWith('- ')).length;
  return assemble(
    keptClusters,
    keptProblems,
    note(
      Math.max(0, plan.clusters.length - keptClusters.length),
      Math.max(0, plan.diagnostics.length - shownDiagnostics),
    ),
  );
}

function headline(plan: Plan, mode: MarkdownOptions['mode']): string {
  const title =
    mode === 'apply' ? 'fargatekeeper apply' : mode === 'drift' ? 'fargatekeeper drift check' : 'fargatekeeper plan';
  const names = plan.clusters.map(c => mdCode(c.cluster));
  const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
  return `### ${title}${shown ? ` · ${shown}` : ''}`;
}

function summaryBlock(plan: Plan): string {
  const counts = countBySeverity(plan.diagnostics);
  const parts = [`**${summaryLine(plan)}**`];
  if (counts.error > 0) parts.push(`❌ ${plural(counts.error, 'error')}`);
  if (counts.warning > 0) parts.push(`⚠️ ${plural(counts.warning, 'warning')}`);
  parts.push(`fingerprint \`${shortFingerprint(plan)}\``);
  const lines = [parts.join(' · ')];
  if (counts.error > 0)
    lines.push('', 'Specs with errors make no changes (and their live profiles are kept); fix the errors below.');
  else if (!plan.hasChanges) lines.push('', 'No changes: the live profiles match the specs.');
  return lines.join('\n');
}

function clusterBlock(
  cluster: ClusterPlan,
  plan: Plan,
  options: MarkdownOptions,
  how: { fold: boolean; diffs: boolean },
): string {
  const title = `${mdCode(cluster.cluster)} · ${mdText(cluster.region)}${cluster.account ? ` · account ${mdText(cluster.account.id)}` : ''}`;
  const actionable = cluster.operations.filter(doesSomething);
  const unchanged = cluster.operations.filter(o => o.op === 'no-op');
  const unmanaged = cluster.operations.filter(o => o.op === 'unmanaged');
  const parts: string[] = [];
  if (cluster.blockedReason) parts.push(`⛔ Not planned: ${mdInline(cluster.blockedReason)}`);
  if (actionable.length > 0) {
    const rows = actionable.map(
      o => `| ${ICON[o.op]} | ${mdCode(profileLabel(o))} | ${operationLabel(o)} | ${why(o, options)} |`,
    );
    parts.push(['| | profile | change | why |', '|---|---|---|---|', ...rows].join('\n'));
  } else if (!cluster.blockedReason) {
    parts.push(`No changes${unchanged.length > 0 ? ` (${plural(unchanged.length, 'profile')} up to date)` : ''}.`);
  }
  if (how.diffs) for (const o of actionable) parts.push(...diffBlock(o), ...wholeProfileBlock(o));
  const health = healthBlock(cluster.operations);
  if (health) parts.push(health);
  if (unchanged.length > 0 && actionable.length > 0) {
    parts.push(
      details(
        `${plural(unchanged.length, 'profile')} up to date`,
        unchanged.map(o => `- ${mdCode(o.profile)} (spec ${mdCode(o.spec)})`).join('\n'),
      ),
    );
  }
  for (const o of unmanaged) {
    const status = o.before.status !== 'ACTIVE' ? ` (${mdText(o.before.status)})` : '';
    parts.push(
      o.reason.code === 'other-source'
        ? `ℹ️ Profile ${mdCode(o.profile)}${status} is managed by ${mdCode(o.reason.source)}; left alone.`
        : `ℹ️ Unmanaged profile ${mdCode(o.profile)}${status} is left as it is.`,
    );
  }
  const body = parts.join('\n\n');
  if (how.fold && plan.clusters.length > 1) {
    const counts =
      actionable.length > 0
        ? `${plural(actionable.length, 'change')}`
        : cluster.blockedReason
          ? 'not planned'
          : 'no changes';
    return `#### ${title}\n\n${details(`${htmlText(cluster.cluster)}: ${counts}`, body)}`;
  }
  return `#### ${title}\n\n${body}`;
}

function why(o: Operation, options: MarkdownOptions): string {
  const parts = [mdInline(reasonText(o))];
  const source = sourceOf(o);
  if (source) parts.push(sourceLink(source.file, source.line, options));
  const deleteFirst = deleteFirstOf(o);
  if (deleteFirst) parts.push(`— delete first: ${mdInline(deleteFirst)}`);
  const waitsFor = waitsForOf(o);
  if (waitsFor) parts.push(`— ${mdInline(waitsForText(waitsFor))}`);
  const roles = rolesBeside(o).map(r => `${r.action === 'create' ? 'creates' : 'deletes'} role ${mdCode(r.name)}`);
  if (roles.length > 0) parts.push(`— ${roles.join(', ')}`);
  const health = healthOf(o);
  if (health)
    parts.push(`— 🩺 ${mdCode(health.profile)} (${mdText(health.status)}): ${healthIssuesMarkdown(health.issues)}`);
  return parts.join(' ');
}

/** Each issue's code and message (and the resources it names), escaped for Markdown. */
function healthIssuesMarkdown(issues: readonly HealthIssue[]): string {
  return issues
    .map(i => {
      const resources = i.resourceIds && i.resourceIds.length > 0 ? ` (${i.resourceIds.map(mdCode).join(', ')})` : '';
      return `${mdCode(i.code)}: ${mdText(i.message)}${resources}`;
    })
    .join('; ');
}

/** Before → after of a profile changed in place or replaced (none for what only appears or goes). */
function diffBlock(o: Operation): string[] {
  const change = profileChangeOf(o);
  if (!change) return [];
  const lines = diffLines(profileLines(change.before), profileLines(change.after)).map(l => `${l.op}${l.text}`);
  const forcing = change.replaced ? change.fields.filter(f => f.forcesReplacement).map(f => f.path) : [];
  const note = forcing.length > 0 ? `\n\nForces replacement: ${forcing.map(mdCode).join(', ')}` : '';
  return [details(`${htmlText(change.spec)}: before → after`, `${mdFence(lines.join('\n'), 'diff')}${note}`)];
}

/** The whole profile that a create makes or a delete removes: selectors, subnets and role, as `+` or `-` lines. */
function wholeProfileBlock(o: Operation): string[] {
  const whole = appearingOrGoing(o);
  if (!whole) return [];
  const mark = whole.kind === 'created' ? '+' : '-';
  const lines = profileLines(whole.state).map(line => `${mark}${line}`);
  const summary = `${htmlText(whole.state.name)}: ${whole.kind === 'created' ? 'new profile' : 'profile to delete'}`;
  return [details(summary, mdFence(lines.join('\n'), 'diff'))];
}

/**
 * What EKS reports wrong with the cluster's live profiles that have no row in the table (up to date,
 * unmanaged, waited for): a line each. A profile with a row has its health in its row.
 */
function healthBlock(operations: readonly Operation[]): string | undefined {
  const items = operations.flatMap(o => {
    const health = doesSomething(o) ? undefined : healthOf(o);
    return health
      ? [`- ${mdCode(health.profile)} (${mdText(health.status)}): ${healthIssuesMarkdown(health.issues)}`]
      : [];
  });
  return items.length > 0 ? ['🩺 **Health**', '', ...items].join('\n') : undefined;
}

/**
 * A GitHub CAUTION alert when the plan destroys something: profiles deleted (EKS deletes the pods
 * running on them; they reschedule only where another profile matches), default roles deleted, and
 * replacements that delete the old profile before creating the new one (its pods have no profile in between).
 */
function destructiveBanner(plan: Plan): string | undefined {
  const deletes: DeleteProfileOperation[] = [];
  const firstDeletes: (ReplaceOperation | AdoptByReplaceOperation)[] = [];
  let roles = 0;
  for (const o of plan.clusters.flatMap(c => c.operations)) {
    switch (o.op) {
      case 'delete-profile':
        deletes.push(o);
        if (o.deletesRole) roles++;
        break;
      case 'delete-role':
        roles++;
        break;
      case 'replace':
      case 'adopt-by-replace':
        if (o.order.kind === 'delete-before-create') firstDeletes.push(o);
        break;
      case 'create':
      case 'adopt-in-place':
      case 'retag':
      case 'wait':
      case 'no-op':
      case 'unmanaged':
        break;
      default:
        assertNever(o);
    }
  }
  if (deletes.length === 0 && roles === 0 && firstDeletes.length === 0) return undefined;
  const several = plan.clusters.length > 1;
  const name = (o: Operation) => mdCode(several ? `${o.cluster}/${subjectLabel(o)}` : subjectLabel(o));
  const capped = (items: string[]) =>
    items.length > BANNER_NAMES ? [...items.slice(0, BANNER_NAMES), `and ${items.length - BANNER_NAMES} more`] : items;
  const counts = [
    deletes.length > 0 ? `${plural(deletes.length, 'profile')} deleted` : '',
    roles > 0 ? `${plural(roles, 'default role')} deleted` : '',
    firstDeletes.length > 0 ? `${plural(firstDeletes.length, 'replacement')} leaving a window without a profile` : '',
  ].filter(Boolean);
  const lines = ['> [!CAUTION]', `> **Destructive changes**: ${counts.join(', ')}.`];
  if (deletes.length > 0) {
    lines.push(
      `> - Deleted: ${capped(deletes.map(name)).join(', ')}. EKS deletes the pods running on a deleted profile; they are scheduled again only if another profile matches them.`,
    );
  }
  if (firstDeletes.length > 0) {
    const items = firstDeletes.map(o => {
      const deleteFirst = deleteFirstOf(o);
      return `${name(o)}${deleteFirst ? ` (${mdInline(deleteFirst)})` : ''}`;
    });
    lines.push(
      `> - Old profile deleted before its replacement is created, so the pods it serves have no profile until the new one is ACTIVE: ${capped(items).join('; ')}.`,
    );
  }
  return lines.join('\n');
}

function sourceLink(file: string, line: number, options: MarkdownOptions): string {
  const label = mdCode(`${file}:${line}`);
  const url = options.sourceUrl ? safeUrl(options.sourceUrl(file, line)) : undefined;
  return url ? `[${label}](${url})` : label;
}

/** Folded content; `summary` must already be HTML-escaped. */
function details(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function diagnosticLine(d: Diagnostic, options: MarkdownOptions): string {
  const where = d.source ? `${sourceLink(d.source.file, d.source.line, options)} ` : '';
  const scope = d.cluster && !d.source ? `${mdCode(d.cluster)}: ` : '';
  const label = d.code.startsWith('overlap.') ? `**Overlap**${d.cluster ? ` in ${mdCode(d.cluster)}` : ''}: ` : '';
  const path = d.path ? ` (${mdCode(d.path)})` : '';
  const hint = d.hint ? ` Hint: ${mdInline(sentence(d.hint))}` : '';
  return `- ${SEVERITY_ICON[d.severity]} ${where}${label || scope}${mdInline(d.message.replace(/\.\s*$/, ''))}${path}.${hint} <sub>${mdText(d.code)}</sub>`;
}

/** "the selectors of spec `search` join spec `payments` (profile `payments-1a2b3c4d`)". */
function suggestionTitle(s: Suggestion): string {
  switch (s.kind) {
    case 'join-profile':
      return `the selectors of spec ${s.newSpec} join spec ${s.spec} (profile ${s.profile}, in ${s.file})`;
  }
}

const sentence = (text: string) => (/[.!?]\s*$/.test(text) ? text : `${text}.`);

/** Errors, then warnings, then infos; long lists fold. Each block is a heading line and `- ` items. */
function diagnosticsBlocks(plan: Plan, options: MarkdownOptions): string[] {
  const blocks: string[] = [];
  const of = (severity: Diagnostic['severity']) =>
    plan.diagnostics.filter(d => d.severity === severity).map(d => diagnosticLine(d, options));
  const errors = of('error');
  const warnings = of('warning');
  const infos = of('info');
  if (errors.length > 0) blocks.push(['**Errors**', '', ...errors].join('\n'));
  if (warnings.length > 0) {
    const open = warnings.slice(0, OPEN_WARNINGS);
    const rest = warnings.slice(OPEN_WARNINGS);
    blocks.push(['**Warnings**', '', ...open].join('\n'));
    if (rest.length > 0) blocks.push(details(`${plural(rest.length, 'more warning')}`, rest.join('\n')));
  }
  if (infos.length > 0) {
    blocks.push(
      infos.length > OPEN_INFOS
        ? details(plural(infos.length, 'note'), infos.join('\n'))
        : ['**Notes**', '', ...infos].join('\n'),
    );
  }
  // Suggested spec edits follow the findings they resolve, folded, one block each.
  for (const d of plan.diagnostics) {
    if (d.suggestion)
      blocks.push(
        details(
          `Suggested edit: ${htmlText(suggestionTitle(d.suggestion))}`,
          mdFence(d.suggestion.editedSpec.trimEnd(), 'yaml'),
        ),
      );
  }
  return blocks;
}

/** A problem block as items that can be dropped one by one when shortening (headings travel with their first item). */
function splitItems(block: string): string[] {
  if (block.startsWith('<details>')) return [block];
  const [heading, , ...items] = block.split('\n');
  return items.map((item, i) => (i === 0 ? `${heading}\n\n${item}` : item));
}

function footer(plan: Plan, options: MarkdownOptions): string {
  const commit = options.commit ? ` Updated for commit ${mdCode(options.commit.slice(0, 7))}.` : '';
  const what =
    options.mode === 'apply'
      ? 'Being applied.'
      : options.mode === 'drift'
        ? plan.hasChanges
          ? 'Live profiles differ from Git.'
          : 'Live profiles match Git.'
        : 'Applied when this pull request is merged.';
  return `<sub>${what}${commit}</sub>`;
}
