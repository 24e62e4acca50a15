import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { clusterKey, type Account, type ClusterRef } from '../account/types';
import type { AccountReader } from '../account';
import type { Fleet } from '../account/Fleet';
import { specPosition } from '../spec/positions';
import type { ProfileSpec } from '../spec/types';
import { quotaFallbackInfos, validateLive, validateStatic } from '../validate';
import { analyzeMatching, analyzeOverlaps } from '../match';
import { errorText } from '../errorText';
import { canonicalJson } from '../hash';
import { byString } from './canonical';
import { classifyCluster } from './classify';
import { defaultRoleName } from './defaultRole';
import { desiredProfileOf } from './desired';
import { fingerprintOf } from './fingerprint';
import { guardDiagnostics } from './guards';
import { holdBacks } from './holdBacks';
import { hijackDiagnostic, hijacksOf } from './hijack';
import { winnerChanges } from './winnerChanges';
import {
  DEFAULT_TOTAL_CONCURRENCY,
  fleetOf,
  identityProblem,
  PlanAccounts,
  plannedAccount,
  unreachableProblem,
  type Refusal,
} from './accounts';
import { changesSomething, specOf, summarize } from './operations';
import { sourceProblem } from './ownership';
import { targetProblem, targetsOf, type Targets } from './targets';
import { planPodImpact, readWorkloads } from '../kube/planPods';
import { takeLeftToTool } from './leftToTool';
import { readCluster, readDefaultRoles, type ClusterReading, type Outcome, type RolesRead } from './read';
import type { ClusterPlan, Plan, PlanInput, PlanOptions } from './types';

/** AWS calls in flight at once when the options do not say: a moderate fan-out (throttled calls are retried by the SDK, or by the reader for the simulator). */
export const DEFAULT_PLAN_CONCURRENCY = 16;

/**
 * Desired (specs) against live (the account) → a typed, deterministic Plan. A pipeline: read →
 * validate → classify per cluster (clusters side by side, each classified as soon as its own reads
 * are in, while live validation runs on the same AccountReader so every AWS object is read once),
 * then order and fingerprint. Clusters are read in the accounts a Fleet places them in (the
 * `Cluster` documents: a role assumed per account, the landed account checked against the declared
 * one), each account's calls within `options.concurrency` and all within `options.totalConcurrency`;
 * given an Account, the input's Cluster documents make the Fleet; given an AccountReader, its account
 * is used as it is. A cluster that cannot be read gets no operations; the others are planned
 * regardless. A spec with errors produces no operation and keeps its live profiles; a document that
 * failed to parse keeps (or holds back) what it may have named.
 */
export async function plan(
  input: PlanInput,
  account: Account | AccountReader | Fleet,
  options: PlanOptions,
): Promise<Plan> {
  const accounts = new PlanAccounts(fleetOf(account, input.clusters), {
    perAccount: options.concurrency ?? DEFAULT_PLAN_CONCURRENCY,
    total: options.totalConcurrency ?? DEFAULT_TOTAL_CONCURRENCY,
  });
  const run = startRun(input, accounts, options);
  const refs = clustersToPlan(run);
  // Pods are read beside AWS; their impact is a section of its own, outside the fingerprint.
  const workloads = options.pods ? readWorkloads(options.pods, refs) : undefined;
  const results = await Promise.all(refs.map(ref => planCluster(run, ref)));
  const listings = await run.accounts.listingDiagnostics();
  const pods =
    workloads &&
    planPodImpact(
      results.map(r => ({ plan: r.plan, live: r.reading.profiles ?? [] })),
      await workloads,
    );

  const clusters = results
    .map(r => r.plan)
    .sort((a, b) => byString(a.region, b.region) || byString(a.cluster, b.cluster));
  const diagnostics = [
    ...run.upfront,
    ...results.flatMap(r => r.diagnostics),
    ...quotaFallbackInfos(run.quotaFallbacks, run.specs, options.defaultRegion),
    ...listings,
    ...guardDiagnostics(clusters, options),
    ...(pods?.diagnostics ?? []),
  ];
  const summary = summarize(clusters);
  return {
    formatVersion: 2,
    fingerprint: fingerprintOf(clusters),
    clusters,
    diagnostics: ordered(diagnostics),
    summary,
    hasChanges: clusters.some(c => c.operations.some(changesSomething)),
    ...(pods ? { podImpact: pods.impact } : {}),
  };
}

/** What every cluster of one plan shares: reads started once, and what is known before any read. */
interface Run {
  /** The specs inside the run's targets (all of them without targets). */
  specs: readonly ProfileSpec[];
  targets?: Targets;
  input: PlanInput;
  options: PlanOptions;
  /** Each cluster's account, read through one reader per credentials. */
  accounts: PlanAccounts;
  regionOf(spec: ProfileSpec): string;
  /** The specs of one cluster (grouped once: a fleet has thousands of specs over hundreds of clusters). */
  specsOf(ref: ClusterRef): readonly ProfileSpec[];
  /** Parse and static diagnostics. */
  upfront: Diagnostic[];
  /** Regions whose quota live validation could not read: said once per region for the whole plan, not per cluster. */
  quotaFallbacks: Map<string, unknown>;
}

function startRun(input: PlanInput, accounts: PlanAccounts, options: PlanOptions): Run {
  const regionOf = (spec: ProfileSpec) => spec.region ?? options.defaultRegion;
  const targets = targetsOf(options.targets);
  const specs = targets ? input.specs.filter(s => targets.specInside(s)) : input.specs;
  // Known up front, read beside the clusters: the default roles the specs want (in their accounts),
  // and the identity of every account that needs it (default roles' ARNs, a declared account id).
  for (const spec of specs.filter(s => !s.podExecutionRoleArn)) {
    const placed = accounts.placed({ region: regionOf(spec), name: spec.cluster });
    if (!('reads' in placed)) continue;
    placed.reads.reader.getRole(defaultRoleName(regionOf(spec), spec.cluster, spec.name)).catch(() => undefined);
    void placed.reads.accountId();
  }
  for (const cluster of accounts.fleet.clusters) {
    const placed = accounts.placed(cluster);
    if ('reads' in placed) void placed.reads.accountId();
  }
  const byCluster = new Map<string, ProfileSpec[]>();
  for (const spec of specs) {
    const key = clusterKey({ region: regionOf(spec), name: spec.cluster });
    const same = byCluster.get(key);
    if (same) same.push(spec);
    else byCluster.set(key, [spec]);
  }
  return {
    specs,
    ...(targets ? { targets } : {}),
    input,
    options,
    accounts,
    regionOf,
    specsOf: ref => byCluster.get(clusterKey(ref)) ?? [],
    // Overlaps are analysed per cluster on the cluster as it will be (EKS names, unmanaged profiles included).
    upfront: [
      ...(input.diagnostics ?? []),
      ...optionErrors(options),
      ...validateStatic(specs, { defaultRegion: options.defaultRegion, overlaps: false }),
    ],
    quotaFallbacks: new Map(),
  };
}

interface ClusterResult {
  plan: ClusterPlan;
  /** This cluster's live-validation and planning diagnostics. */
  diagnostics: Diagnostic[];
  reading: ClusterReading;
  roles: RolesRead['roles'];
}

/**
 * One cluster: read (beside its live validation) → its default roles → classify. A declared cluster
 * is validated only once its credentials are known to land in its account, and refused otherwise.
 */
async function planCluster(run: Run, ref: ClusterRef): Promise<ClusterResult> {
  const specs = run.specsOf(ref);
  const placed = run.accounts.placed(ref);
  if (!('reads' in placed)) return refused(ref, unreachableProblem(placed.place));
  const { place, reads } = placed;
  const readingNow = readCluster(reads.reader, ref);
  const declared = place.kind === 'declared' ? await reads.accountId() : undefined;
  const problem = place.kind === 'declared' ? identityProblem(place.cluster, place.credentials, declared!) : undefined;
  if (problem) return refused(ref, problem);
  const [reading, live] = await Promise.all([
    readingNow,
    specs.length > 0
      ? validateLive([...specs], reads.reader, {
          defaultRegion: run.options.defaultRegion,
          quotaFallbacks: run.quotaFallbacks,
        })
      : Promise.resolve([]),
  ]);
  // What migration documents left to their tools (subnets, roles) comes from the live profiles.
  const taken = takeLeftToTool(specs, reading.profiles, run.options.source);
  const accountId = declared ?? (taken.specs.some(s => !s.podExecutionRoleArn) ? await reads.accountId() : undefined);
  const roles = await readDefaultRoles(reads.reader, ref, taken.specs, reading.profiles, await reads.listing);
  const diagnostics = [...live, ...taken.diagnostics, ...accountIdErrors(taken.specs, accountId), ...roles.diagnostics];
  const base = {
    region: ref.region,
    cluster: ref.name,
    ...(reading.info ? { status: reading.info.status } : {}),
    ...(reading.quota !== undefined ? { quota: reading.quota } : {}),
    liveProfiles: reading.profiles?.length ?? 0,
    ...(place.kind === 'declared' ? { account: plannedAccount(place.cluster) } : {}),
  };
  const blockedReason = blockedReasonOf(ref, reading);
  if (blockedReason || !reading.profiles) {
    if (reading.error)
      diagnostics.push({
        severity: 'error',
        code: 'plan.read-failed',
        cluster: ref.name,
        message: `Cluster \`${ref.name}\` (${ref.region}) could not be read: ${reading.error}.`,
      });
    return {
      plan: { ...base, operations: [], blockedReason: blockedReason ?? 'not readable' },
      diagnostics,
      reading,
      roles: roles.roles,
    };
  }
  const held = holdBacks(taken.specs, run.input.failed ?? [], [...run.upfront, ...diagnostics]);
  // A cluster planned only for some of its specs (targets name them, not it): what belongs to other specs stays as it is.
  const partial = run.targets && !run.targets.clusterMatches(ref.name) ? run.targets : undefined;
  const outside = partial ? { outside: (spec: string) => !partial.specMatches(spec) } : {};
  const id = accountId?.ok ? accountId.value : undefined;
  const desired = taken.specs
    .filter(spec => !held.invalid.has(spec) && (spec.podExecutionRoleArn || id !== undefined))
    .map(spec => desiredProfileOf(spec, ref.region, id, roles.roles, run.options.source));
  const outcome = classifyCluster({
    region: ref.region,
    cluster: ref.name,
    ...(reading.quota !== undefined ? { quota: reading.quota } : {}),
    live: reading.profiles,
    desired,
    hold: { ...held.in(ref), ...outside },
    roles: roles.roles,
    listedRoles: roles.listed,
    ...(run.options.source !== undefined ? { source: run.options.source } : {}),
  });
  const operations = partial
    ? outcome.operations.filter(o => specOf(o) !== undefined && partial.specMatches(specOf(o)!))
    : outcome.operations;
  const clusterPlan: ClusterPlan = { ...base, operations };
  // One matching analysis of the cluster as the plan leaves it, for overlaps and replacements' new names.
  const matching = analyzeMatching(outcome.final);
  diagnostics.push(
    ...outcome.diagnostics,
    ...analyzeOverlaps(ref.name, outcome.final, matching),
    ...winnerChanges(ref.name, outcome.operations, matching),
    ...hijacksOf(clusterPlan).map(hijackDiagnostic),
  );
  return { plan: clusterPlan, diagnostics, reading, roles: roles.roles };
}

/** A declared cluster the run does not plan: no reads of it are shown, only why. */
function refused(ref: ClusterRef, { diagnostic, reason }: Refusal): ClusterResult {
  return {
    plan: { region: ref.region, cluster: ref.name, liveProfiles: 0, operations: [], blockedReason: reason },
    diagnostics: [diagnostic],
    reading: { ref },
    roles: new Map(),
  };
}

/** EKS changes profiles only on an ACTIVE cluster (an update in progress is waited out by apply). */
function blockedReasonOf(ref: ClusterRef, reading: ClusterReading): string | undefined {
  if (reading.error) return reading.error;
  if (!reading.info) return `cluster \`${ref.name}\` not found in ${ref.region}`;
  const { status } = reading.info;
  return status !== 'ACTIVE' && status !== 'UPDATING' ? `cluster \`${ref.name}\` is ${status}, not ACTIVE` : undefined;
}

/** Options a front door should have refused: errors naming no cluster, so apply changes nothing. */
function optionErrors(options: PlanOptions): Diagnostic[] {
  const errors: Diagnostic[] = [];
  const problem = options.source !== undefined ? sourceProblem(options.source) : undefined;
  if (problem)
    errors.push({
      severity: 'error',
      code: 'plan.invalid-option',
      message: `The source \`${options.source}\` ${problem}.`,
    });
  if (options.maxDeletes !== undefined && !(Number.isInteger(options.maxDeletes) && options.maxDeletes >= 0)) {
    errors.push({
      severity: 'error',
      code: 'plan.invalid-option',
      message: `max-deletes must be a whole number of at least 0 (got ${options.maxDeletes}).`,
    });
  }
  for (const target of options.targets ?? []) {
    const why = targetProblem(target);
    if (why)
      errors.push({ severity: 'error', code: 'plan.invalid-option', message: `The target \`${target}\` ${why}.` });
  }
  return errors;
}

/** The default role's ARN needs the account id: without it such specs cannot be planned (and keep their profiles). */
function accountIdErrors(specs: readonly ProfileSpec[], accountId: Outcome<string> | undefined): Diagnostic[] {
  if (!accountId || accountId.ok) return [];
  return specs
    .filter(s => !s.podExecutionRoleArn)
    .map(spec => ({
      severity: 'error' as const,
      code: 'plan.account-id',
      cluster: spec.cluster,
      profile: spec.name,
      source: specPosition(spec),
      message: `The account id could not be read (${errorText(accountId.error)}), so the default role of spec \`${spec.name}\` cannot be named; it is not planned.`,
    }));
}

/** The clusters the (targeted) specs name and those the options add (when targeted), each once, in a stable order. */
function clustersToPlan(run: Run): ClusterRef[] {
  const refs = new Map<string, ClusterRef>();
  for (const spec of run.specs)
    refs.set(clusterKey({ region: run.regionOf(spec), name: spec.cluster }), {
      region: run.regionOf(spec),
      name: spec.cluster,
    });
  // Declared clusters are inspected even without a spec: removing a cluster's last spec deletes its profiles.
  for (const ref of [...(run.options.clusters ?? []), ...run.accounts.fleet.clusters]) {
    if (!run.targets || run.targets.clusterMatches(ref.name))
      refs.set(clusterKey(ref), { region: ref.region, name: ref.name });
  }
  return [...refs.values()].sort((a, b) => byString(a.region, b.region) || byString(a.name, b.name));
}

/** Sorted, without repeats; pre-sorted by their whole content so ties in sortDiagnostics' keys cannot depend on read timing. */
function ordered(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const keyed = diagnostics.map(d => [canonicalJson(d), d] as const).sort((a, b) => byString(a[0], b[0]));
  const seen = new Set<string>();
  return sortDiagnostics(keyed.map(([, d]) => d)).filter(d => {
    const key = JSON.stringify([d.severity, d.code, d.message, d.cluster, d.profile, d.path, d.source]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
