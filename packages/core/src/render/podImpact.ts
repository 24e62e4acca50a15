import type { ClusterPodImpact, OperationPodImpact, PodGroup } from '../kube/podImpact';
import type { PodPlacement } from '../kube/placement';
import type { Plan } from '../plan/types';
import { plural } from './common';
import { mdCode, mdInline, mdText, termText } from './escape';

// The plan's pod impact (`Plan.podImpact`) as a section of its own, after the operations: per
// cluster, per change, the pods it stops now or moves on their next restart, by namespace and
// controller, and the disruption budgets the stop overrides.

const EFFECT_TEXT: Record<PodGroup['effect'], string> = {
  stopped: 'stopped now (EKS stops the pods of a deleted profile)',
  'moves-on-restart': 'move on their next restart',
};

const placementText = (to: PodPlacement): string =>
  to.kind === 'profile'
    ? `→ ${to.profile}`
    : to.kind === 'nodes'
      ? '→ nodes (no profile takes them)'
      : '→ stay Pending (no profile takes them, no nodes)';

const pods = (n: number) => plural(n, 'pod');
const total = (groups: readonly PodGroup[]) => groups.reduce((n, g) => n + g.count, 0);

/** What was read, in a few words. */
function readText(cluster: ClusterPodImpact): string {
  return cluster.read.kind === 'read'
    ? `${pods(cluster.read.pods)}, ${plural(cluster.read.nodes, 'node')} (${cluster.read.via})`
    : `not read: ${cluster.read.reason}`;
}

const effects = (change: OperationPodImpact) =>
  (['stopped', 'moves-on-restart'] as const)
    .map(effect => ({ effect, groups: change.groups.filter(g => g.effect === effect) }))
    .filter(e => e.groups.length > 0);

/** The section for a terminal; empty without pod access. */
export function podImpactText(
  plan: Plan,
  paint: (style: 'bold' | 'gray' | 'red' | 'yellow', text: string) => string,
): string[] {
  if (!plan.podImpact) return [];
  const t = termText;
  const lines = ['', paint('bold', 'Pods')];
  for (const cluster of plan.podImpact.clusters) {
    lines.push(`  ${paint('bold', t(cluster.cluster))} ${paint('gray', t(readText(cluster)))}`);
    if (cluster.read.kind === 'read' && cluster.changes.length === 0)
      lines.push(paint('gray', '    no running pod is affected'));
    for (const change of cluster.changes) {
      lines.push(`    ${paint('bold', t(change.profile))}  ${change.op}`);
      for (const { effect, groups } of effects(change)) {
        lines.push(`      ${pods(total(groups))} ${EFFECT_TEXT[effect]}:`);
        for (const g of groups) {
          const line = `        ${t(g.namespace)}  ${t(g.controller ?? '(no controller)')}  ${g.count} ${t(placementText(g.to))}`;
          lines.push(g.to.kind === 'pending' ? paint('red', line) : line);
        }
      }
      for (const b of change.budgets) {
        lines.push(
          `      ${paint('yellow', 'budget')} ${t(`${b.namespace}/${b.name}`)} allows ${b.disruptionsAllowed}, ${b.stopped} of its pods stopped: not honoured`,
        );
      }
    }
  }
  return lines;
}

/** The section as Markdown blocks (one per cluster), for the plan comment; none without pod access. */
export function podImpactMarkdown(plan: Plan): string[] {
  if (!plan.podImpact) return [];
  return plan.podImpact.clusters.map(cluster => {
    const head = `#### Pods · ${mdCode(cluster.cluster)}\n\n${mdInline(readText(cluster))}`;
    if (cluster.read.kind !== 'read') return head;
    if (cluster.changes.length === 0) return `${head}\n\nNo running pod is affected.`;
    const rows = cluster.changes.flatMap(change =>
      change.groups.map(g => {
        const to =
          g.to.kind === 'profile'
            ? mdCode(g.to.profile)
            : g.to.kind === 'nodes'
              ? 'nodes'
              : '❌ stay Pending (no profile, no nodes)';
        return `| ${mdCode(change.profile)} (${change.op}) | ${g.effect === 'stopped' ? 'stopped now' : 'on next restart'} | ${g.count} | ${mdCode(g.namespace)} | ${g.controller ? mdCode(g.controller) : '—'} | ${to} |`;
      }),
    );
    const budgets = cluster.changes.flatMap(change =>
      change.budgets.map(
        b =>
          `- ⚠️ PodDisruptionBudget ${mdCode(`${b.namespace}/${b.name}`)} allows ${b.disruptionsAllowed}; ${mdText(change.op)} of ${mdCode(change.profile)} stops ${pods(b.stopped)} of it without honouring it.`,
      ),
    );
    const table = [
      '| change | pods | count | namespace | controller | go to |',
      '|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    const note =
      "_A deleted or replaced profile's running pods are stopped by EKS at once (PodDisruptionBudgets do not hold it back); their controllers start them again where the new rules put them._";
    return [head, table, ...(budgets.length > 0 ? [budgets.join('\n')] : []), note].join('\n\n');
  });
}
