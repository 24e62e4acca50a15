import {
  AccountReader,
  explainPod,
  hasErrors,
  mdCode,
  mdInline,
  mdText,
  plan as makePlan,
  profileAfter,
  renderDiagnosticsText,
  termText,
  type ClusterRef,
  type Diagnostic,
  type Operation,
  type ParseResult,
  type PodExplanation,
  type ProfileState,
  type Selector,
} from '@fargatekeeper/core';
import { CliError, UsageError } from '../errors';
import { commonOptions } from '../options';
import { declarationsIn, openAccount, placeCluster, planOptionsFor, readSpecs, type PlacedCluster } from '../context';
import { ExitCode } from '../exitCodes';
import type { Paint } from '../output';
import type { Command, CommandContext } from './command';

export const explain: Command = {
  name: 'explain',
  summary: 'say which Fargate profile takes a pod, and why (or that it goes to nodes)',
  description: [
    "Given a pod's namespace and labels, lists the cluster's profiles in the order EKS considers them",
    '(alphanumeric by name), says for each selector why it matches or not, and which profile wins: the',
    'one the pod names with the label eks.amazonaws.com/fargate-profile, else the first that matches.',
    'By default against the live profiles; with --desired against the profiles the specs would leave',
    'after an apply (new names of replacements included, unmanaged profiles kept, deleted ones gone).',
    "A cluster the specs folder's Cluster documents declare is read where they say, as plan reads it:",
    'in its region, through its role, in its account.',
  ].join('\n'),
  options: {
    cluster: { ...commonOptions.cluster, help: 'the cluster (required)' },
    namespace: { type: 'string', value: 'NS', help: "the pod's namespace (required)" },
    label: { type: 'string', multiple: true, value: 'KEY=VALUE', help: 'a label of the pod; repeat for several' },
    desired: { type: 'boolean', help: 'explain against the state after an apply of the specs, not the live one' },
    specs: {
      ...commonOptions.specs,
      help: `${commonOptions.specs.help}: its Cluster documents place the cluster; its specs with --desired`,
    },
    region: {
      ...commonOptions.region,
      help: "the cluster's region (default: its Cluster document's, else AWS_REGION, AWS_DEFAULT_REGION, or the simulated account's)",
    },
    sim: commonOptions.sim,
    'call-timeout': commonOptions['call-timeout'],
    'call-attempts': commonOptions['call-attempts'],
    format: commonOptions.format,
    color: commonOptions.color,
    'no-color': commonOptions['no-color'],
    help: commonOptions.help,
  },
  examples: [
    'fargatekeeper explain --cluster prod-eu --namespace payments --label compute=fargate',
    'fargatekeeper explain --sim examples/sim-account.json --cluster staging --namespace preview-search --label app=search',
    'fargatekeeper explain --desired --specs examples/specs --sim examples/sim-account.json --cluster staging --namespace preview-search --label app=search',
  ],
  async run(ctx) {
    const { options, io, color, paint } = ctx;
    const format = options.format();
    const clusterName = options.string('cluster');
    const namespace = options.string('namespace');
    if (!clusterName) throw new UsageError('explain needs --cluster NAME', 'explain');
    if (!namespace) throw new UsageError("explain needs --namespace NS (the pod's namespace)", 'explain');
    const pod = { namespace, labels: parseLabels(options.list('label')) };

    const opened = await openAccount(ctx);
    const desired = options.flag('desired');
    // The specs' Cluster documents say where the cluster lives (region, account, role), as for plan.
    const specs = desired ? await readSpecs(ctx, opened.region) : undefined;
    const declared = specs ?? (await declarationsIn(options.string('specs') ?? 'fargate'));
    const placed = await placeCluster(ctx, opened, clusterName, declared, 'explain');
    const { cluster } = placed;
    const region = cluster.region;
    if (!(await placed.account.describeCluster(cluster)))
      throw new CliError(`cluster \`${cluster.name}\` not found in ${region}`);
    const { profiles, notCounted, diagnostics } = specs
      ? await desiredProfiles(ctx, specs, placed)
      : await liveProfiles(new AccountReader(placed.account), cluster);
    const explanation = explainPod(profiles, pod);

    const state = desired ? 'desired (after apply)' : 'live';
    if (format === 'json') {
      io.stdout.write(
        `${JSON.stringify({ cluster: cluster.name, region, state: desired ? 'desired' : 'live', ...explanation, notCounted, diagnostics }, null, 2)}\n`,
      );
    } else if (format === 'markdown') {
      io.stdout.write(markdownExplanation(explanation, cluster, state));
    } else {
      io.stdout.write(textExplanation(explanation, cluster, state, notCounted, paint));
      io.stderr.write(renderDiagnosticsText(diagnostics, { color }));
    }
    return hasErrors(diagnostics) ? ExitCode.error : ExitCode.ok;
  },
};

interface ProfilesToExplain {
  profiles: { name: string; selectors: Selector[] }[];
  /** Profiles that exist but take no pods (CREATING, DELETING, failed), with their status. */
  notCounted: { name: string; status: string }[];
  /** Errors and warnings of planning (with --desired). */
  diagnostics: Diagnostic[];
}

/** The cluster's profiles as EKS has them now: only ACTIVE ones schedule pods. */
async function liveProfiles(account: AccountReader, cluster: ClusterRef): Promise<ProfilesToExplain> {
  const live = await account.listLiveProfiles(cluster);
  return {
    profiles: live.filter(p => p.status === 'ACTIVE'),
    notCounted: live.filter(p => p.status !== 'ACTIVE').map(p => ({ name: p.name, status: p.status })),
    diagnostics: [],
  };
}

/** The cluster's profiles as the plan leaves them: creates and replacements by their new names, deletes gone. */
async function desiredProfiles(
  ctx: CommandContext,
  parsed: ParseResult,
  { cluster, fleet }: PlacedCluster,
): Promise<ProfilesToExplain> {
  const result = await makePlan(parsed, fleet, planOptionsFor(ctx, cluster.region));
  const clusterPlan = result.clusters.find(c => c.cluster === cluster.name && c.region === cluster.region);
  const profiles = (clusterPlan?.operations ?? []).flatMap(o => {
    const state = profileLeft(o);
    return state ? [{ name: state.name, selectors: state.selectors }] : [];
  });
  const diagnostics = result.diagnostics.filter(
    d => d.severity === 'error' && (d.cluster === undefined || d.cluster === cluster.name),
  );
  return { profiles, notCounted: [], diagnostics };
}

/** The profile an operation leaves in the cluster: the spec's desired one, or an unmanaged one as it is. */
const profileLeft = (o: Operation): ProfileState | undefined => (o.op === 'unmanaged' ? o.before : profileAfter(o));

/** `--label app=web` → `{ app: 'web' }`; a value may be empty (`--label tier=`), a key may not. */
export function parseLabels(items: string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--label needs KEY=VALUE (got \`${item}\`)`, 'explain');
    const key = item.slice(0, eq);
    if (key in labels) throw new UsageError(`--label \`${key}\` is given twice`, 'explain');
    labels[key] = item.slice(eq + 1);
  }
  return labels;
}

const podText = (e: PodExplanation) => {
  const labels = Object.entries(e.pod.labels).map(([k, v]) => `${k}=${v}`);
  return `namespace ${e.pod.namespace}${labels.length ? `, labels ${labels.join(', ')}` : ', no labels'}`;
};

/** Terminal text; names, labels and reasons (spec and AWS text) go through `termText`. */
function textExplanation(
  e: PodExplanation,
  cluster: ClusterRef,
  state: string,
  notCounted: ProfilesToExplain['notCounted'],
  p: Paint,
): string {
  const t = termText;
  const lines = [`Pod: ${t(podText(e))}`, `Cluster: ${t(cluster.name)} (${t(cluster.region)}), ${state} profiles`, ''];
  lines.push(
    e.placement === 'fargate'
      ? `${p.green('→')} Fargate profile ${p.bold(t(e.profile!))}: ${t(e.reason)}`
      : `${p.yellow('→')} ${p.bold('nodes')}: ${t(e.reason)}`,
  );
  if (e.candidates.length === 0) {
    lines.push('', `The cluster has no ${state === 'live' ? 'active ' : ''}Fargate profiles.`);
  } else {
    lines.push('', 'Profiles, in the order EKS considers them:');
    for (const c of e.candidates) {
      lines.push(`  ${c.matches ? p.green('✓') : p.dim('✗')} ${c.name === e.profile ? p.bold(t(c.name)) : t(c.name)}`);
      for (const s of c.selectors) {
        lines.push(
          `      selector ${s.index + 1} ${s.matches ? p.green('matches') : p.dim('does not match')}: ${t(s.reasons.join('; '))}`,
        );
      }
    }
  }
  if (notCounted.length) {
    lines.push(
      '',
      `Not counted (only ACTIVE profiles take pods): ${notCounted.map(n => `${t(n.name)} (${n.status})`).join(', ')}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function markdownExplanation(e: PodExplanation, cluster: ClusterRef, state: string): string {
  const verdict = e.placement === 'fargate' ? `Fargate profile ${mdCode(e.profile!)}` : '**nodes**';
  const lines = [
    `**Pod** ${mdText(podText(e))} on ${mdCode(cluster.name)} (${state}) → ${verdict}: ${mdInline(e.reason)}`,
    '',
    '| | Profile | Selectors |',
    '|---|---|---|',
    ...e.candidates.map(
      c =>
        `| ${c.matches ? '✅' : '❌'} | ${mdCode(c.name)} | ${c.selectors.map(s => `${s.index + 1}: ${mdInline(s.reasons.join('; '))}`).join('<br>')} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
