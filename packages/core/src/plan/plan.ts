import { sortDiagnostics, type Diagnostic } from '../diagnostics';
import { clusterKey, type Account, type ClusterRef, type RoleSummary } from '../account/types';
import { AccountReader } from '../account';
import { specPosition } from '../spec/positions';
import type { ProfileSpec } from '../spec/types';
import { quotaFallbackInfos, validateLive, validateStatic } from '../validate';
import { analyzeOverlaps, selectorsOverlap } from '../match';
import { errorText } from '../errorText';
import { isCallTimeout } from '../callTimeout';
import { canonicalJson } from '../hash';
import { byString } from './canonical';
import { classifyCluster, type ClusterOutcome, type FinalProfile } from './classify';
import { DEFAULT_ROLE_PATH, defaultRoleName } from './defaultRole';
import { desiredProfileOf } from './desired';
import { fingerprintOf } from './fingerprint';
import { guardDiagnostics } from './guards';
import { holdBacks } from './holdBacks';
import { hijackDiagnostic, hijacksOf } from './hijack';
import { limitConcurrency } from './limit';
import { changesSomething, specOf, summarize } from './operations';
import { sourceProblem } from './ownership';
import { targetProblem, targetsOf, type Targets } from './targets';
import { outcomeOf, readCluster, readDefaultRoles, type ClusterReading, type Outcome, type RolesRead } from './read';
import type { ClusterPlan, Plan, PlanInput, PlanOptions } from './types';

/** AWS calls in flight at once when the options do not say: a moderate fan-out (throttled calls are retried by the SDK, or by the reader for the simulator). */
export const DEFAULT_PLAN_CONCURRENCY = 16;

/**
 * Desired (specs) against live (the account) → a typed, deterministic Plan. A pipeline: read →
 * validate → classify per cluster (clusters side by side, each classified as soon as its own reads
 * are in, while live validation runs on the same AccountReader so every AWS object is read once),
 * then order and fingerprint. Given an Account, all calls share one bound of `options.concurrency`;
 * given an AccountReader, its account is used as it is. A cluster that cannot be read gets no
 * operations; the others are planned regardless. A spec with errors produces no operation and keeps
 * its live profiles; a document that failed to parse keeps (or holds back) what it may have named.
 */
export async function plan(input: PlanInput, account: Account | AccountReader, options: PlanOptions): Promise<Plan> {
  const reader =
    account instanceof AccountReader ? account : new AccountReader(limitConcurrency(account, options.concurrency ?? DEFAULT_PLAN_CONCURRENCY));
  const run = startRun(input, reader, options);
  const results = await Promise.all(clustersToPlan(run).map(ref => planCluster(run, ref)));
  const listing = await run.listing;

  const clusters = results.map(r => r.plan).sort((a, b) => byString(a.region, b.region) || byString(a.cluster, b.cluster));
  const diagnostics = [
    ...run.upfront,
    ...results.flatMap(r => r.diagnostics),
    ...quotaFallbackInfos(run.quotaFallbacks, run.specs, options.defaultRegion),
    ...(listing.ok ? [] : [listingFailed(listing.error)]),
    ...guardDiagnostics(clusters, options),
  ];
  const summary = summarize(clusters);
  return {
    formatVersion: 2,
    fingerprint: fingerprintOf(clusters),
    clusters,
    diagnostics: ordered(diagnostics),
    summary,
    hasChanges: clusters.some(c => c.operations.some(changesSomething)),
  };
}

/** What every cluster of one plan shares: reads started once, and what is known before any read. */
interface Run {
  /** The specs inside the run's targets (all of them without targets). */
  specs: readonly ProfileSpec[];
  targets?: Targets;
  input: PlanInput;
  options: PlanOptions;
  reader: AccountReader;
  regionOf(spec: ProfileSpec): string;
  accountId?: Promise<Outcome<string>>;
  /** The roles under the default roles' IAM path (one ListRoles per plan: IAM is global). */
  listing: Promise<Outcome<RoleSummary[]>>;
  /** Parse and static diagnostics. */
  upfront: Diagnostic[];
  /** Regions whose quota live validation could not read: said once per region for the whole plan, not per cluster. */
  quotaFallbacks: Map<string, unknown>;
}

function startRun(input: PlanInput, reader: AccountReader, options: PlanOptions): Run {
  const regionOf = (spec: ProfileSpec) => spec.region ?? options.defaultRegion;
  const targets = targetsOf(options.targets);
  const specs = targets ? input.specs.filter(s => targets.specInside(s)) : input.specs;
  const withDefaultRole = specs.filter(s => !s.podExecutionRoleArn);
  // Default roles the specs want are known by name up front: read them beside the clusters.
  for (const name of new Set(withDefaultRole.map(s => defaultRoleName(regionOf(s), s.cluster, s.name)))) reader.getRole(name).catch(() => undefined);
  return {
    specs,
    ...(targets ? { targets } : {}),
    input,
    options,
    reader,
    regionOf,
    ...(withDefaultRole.length > 0 ? { accountId: outcomeOf(reader.getAccountId()) } : {}),
    listing: outcomeOf(reader.listRoles(DEFAULT_ROLE_PATH)),
    // Overlaps are analysed per cluster on the cluster as it will be (EKS names, unmanaged profiles included).
    upfront: [...(input.diagnostics ?? []), ...optionErrors(options), ...validateStatic(specs, { defaultRegion: options.defaultRegion, overlaps: false })],
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

/** One cluster: read (beside its live validation) → its default roles → classify. */
async function planCluster(run: Run, ref: ClusterRef): Promise<ClusterResult> {
  const specs = run.specs.filter(s => clusterKey({ region: run.regionOf(s), name: s.cluster }) === clusterKey(ref));
  const [reading, live] = await Promise.all([
    readCluster(run.reader, ref),
    specs.length > 0
      ? validateLive([...specs], run.reader, { defaultRegion: run.options.defaultRegion, quotaFallbacks: run.quotaFallbacks })
      : Promise.resolve([]),
  ]);
  const accountId = run.accountId ? await run.accountId : undefined;
  const roles = await readDefaultRoles(run.reader, ref, specs, reading.profiles, await run.listing);
  const diagnostics = [...live, ...accountIdErrors(specs, accountId), ...roles.diagnostics];
  const base = {
    region: ref.region,
    cluster: ref.name,
    ...(reading.info ? { status: reading.info.status } : {}),
    ...(reading.quota !== undefined ? { quota: reading.quota } : {}),
    liveProfiles: reading.profiles?.length ?? 0,
  };
  const blockedReason = blockedReasonOf(ref, reading);
  if (blockedReason || !reading.profiles) {
    if (reading.error) diagnostics.push({ severity: 'error', code: 'plan.read-failed', cluster: ref.name, message: `Cluster \`${ref.name}\` (${ref.region}) could not be read: ${reading.error}.` });
    return { plan: { ...base, operations: [], blockedReason: blockedReason ?? 'not readable' }, diagnostics, reading, roles: roles.roles };
  }
  const held = holdBacks(specs, run.input.failed ?? [], [...run.upfront, ...diagnostics]);
  // A cluster planned only for some of its specs (targets name them, not it): what belongs to other specs stays as it is.
  const partial = run.targets && !run.targets.clusterMatches(ref.name) ? run.targets : undefined;
  const outside = partial ? { outside: (spec: string) => !partial.specMatches(spec) } : {};
  const id = accountId?.ok ? accountId.value : undefined;
  const desired = specs
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
  const operations = partial ? outcome.operations.filter(o => specOf(o) !== undefined && partial.specMatches(specOf(o)!)) : outcome.operations;
  const clusterPlan: ClusterPlan = { ...base, operations };
  diagnostics.push(
    ...outcome.diagnostics,
    ...analyzeOverlaps(ref.name, outcome.final),
    ...winnerChanges(ref.name, outcome),
    ...hijacksOf(clusterPlan).map(hijackDiagnostic),
  );
  return { plan: clusterPlan, diagnostics, reading, roles: roles.roles };
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
  if (problem) errors.push({ severity: 'error', code: 'plan.invalid-option', message: `The source \`${options.source}\` ${problem}.` });
  if (options.maxDeletes !== undefined && !(Number.isInteger(options.maxDeletes) && options.maxDeletes >= 0)) {
    errors.push({ severity: 'error', code: 'plan.invalid-option', message: `max-deletes must be a whole number of at least 0 (got ${options.maxDeletes}).` });
  }
  for (const target of options.targets ?? []) {
    const why = targetProblem(target);
    if (why) errors.push({ severity: 'error', code: 'plan.invalid-option', message: `The target \`${target}\` ${why}.` });
  }
  return errors;
}

/** The default role's ARN needs the account id: without it such specs cannot be planned (and keep their profiles). */
function accountIdErrors(specs: readonly ProfileSpec[], accountId: Outcome<string> | undefined): Diagnostic[] {
  if (!accountId || accountId.ok) return [];
  return specs
    .filter(s => !s.podExecutionRoleArn)
    .map(spec => ({
      severity: 'error' as const, code: 'plan.account-id', cluster: spec.cluster, profile: spec.name, source: specPosition(spec),
      message: `The account id could not be read (${errorText(accountId.error)}), so the default role of spec \`${spec.name}\` cannot be named; it is not planned.`,
    }));
}

function listingFailed(error: unknown): Diagnostic {
  return {
    severity: 'warning', code: 'plan.read-failed',
    message: `The roles under IAM path \`${DEFAULT_ROLE_PATH}\` could not be listed (${errorText(error)}); default roles left behind by a stopped run are not looked for.`,
    // A permission is the usual cause; not of a call that got no answer.
    ...(isCallTimeout(error) ? {} : { hint: `allow iam:ListRoles on arn:aws:iam::<account>:role${DEFAULT_ROLE_PATH}*` }),
  };
}

/** The clusters the (targeted) specs name and those the options add (when targeted), each once, in a stable order. */
function clustersToPlan(run: Run): ClusterRef[] {
  const refs = new Map<string, ClusterRef>();
  for (const spec of run.specs) refs.set(clusterKey({ region: run.regionOf(spec), name: spec.cluster }), { region: run.regionOf(spec), name: spec.cluster });
  for (const ref of run.options.clusters ?? []) {
    if (!run.targets || run.targets.clusterMatches(ref.name)) refs.set(clusterKey(ref), { region: ref.region, name: ref.name });
  }
  return [...refs.values()].sort((a, b) => byString(a.region, b.region) || byString(a.name, b.name));
}

/**
 * A replacement's new name sorts differently from the old one, so against another profile that
 * matches the same pods the winner may flip (EKS takes the first by name): say so.
 */
function winnerChanges(cluster: string, outcome: ClusterOutcome): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const o of outcome.operations) {
    if ((o.op !== 'replace' && o.op !== 'adopt-by-replace') || o.replaces === o.profile) continue;
    const oldName = o.replaces;
    const newName = o.profile;
    for (const other of outcome.final.filter((f: FinalProfile) => f.name !== newName && f.name !== oldName)) {
      const overlapsBefore = o.before.selectors.some(a => other.selectors.some(b => selectorsOverlap(a, b)));
      const overlapsAfter = o.after.selectors.some(a => other.selectors.some(b => selectorsOverlap(a, b)));
      if (!overlapsBefore || !overlapsAfter) continue;
      const wonBefore = oldName < other.name;
      if (wonBefore === newName < other.name) continue;
      diagnostics.push({
        severity: 'warning',
        code: 'plan.replace-changes-winner',
        cluster,
        profile: o.spec,
        source: o.source,
        message: wonBefore
          ? `Replacing \`${oldName}\` by \`${newName}\` hands pods that \`${other.name}\` also matches to \`${other.name}\` (EKS takes the first by name).`
          : `Replacing \`${oldName}\` by \`${newName}\` takes pods that \`${other.name}\` also matches away from \`${other.name}\` (EKS takes the first by name).`,
        hint: `label those pods \`eks.amazonaws.com/fargate-profile\`, or set \`profileName\` to keep the order`,
      });
    }
  }
  return diagnostics;
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
