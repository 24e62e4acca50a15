import { sortDiagnostics, type Diagnostic, type SourcePosition } from '../diagnostics';
import { clusterKey, type Account, type ClusterRef, type LiveProfile, type RoleInfo, type RoleSummary } from '../account/types';
import { AccountReader } from '../account';
import { specPosition } from '../spec/positions';
import type { ProfileSpec } from '../spec/types';
import { validateLive, validateStatic } from '../validate';
import { analyzeOverlaps, selectorsOverlap } from '../match';
import { errorText } from '../errorText';
import { canonicalJson } from '../hash';
import { byString, canonicalLabels, sortedStrings } from './canonical';
import { classifyCluster, defaultRolesToRead, type ClusterOutcome, type DesiredProfile, type FinalProfile } from './classify';
import { DEFAULT_ROLE_PATH, defaultRoleName, defaultRoleNamePrefix, roleArn } from './defaultRole';
import { fingerprintOf, type ClusterReading } from './fingerprint';
import { limitConcurrency } from './limit';
import { desiredTagsFor, profileNameFor } from './naming';
import type { Change, ClusterPlan, Plan, PlanOptions, PlanSummary } from './types';

/** AWS calls in flight at once when the options do not say: a moderate fan-out (the reader retries throttled reads). */
export const DEFAULT_PLAN_CONCURRENCY = 16;

/**
 * Desired (specs) against live (the account) → a typed, deterministic Plan. Clusters are planned side
 * by side: each reads its profiles (one list, then one describe per profile) while live validation
 * runs on the same AccountReader (so every AWS object is read once), then is classified as soon as its
 * own reads are in. Given an Account, all calls share one bound of `options.concurrency`; given an
 * AccountReader, its account is used as it is. A cluster that cannot be read or has cluster-level
 * errors gets no changes; the others are planned regardless. A spec with errors produces no change
 * and keeps its live profiles.
 */
export async function plan(specs: ProfileSpec[], account: Account | AccountReader, options: PlanOptions): Promise<Plan> {
  const reader =
    account instanceof AccountReader
      ? account
      : new AccountReader(limitConcurrency(account, options.concurrency ?? DEFAULT_PLAN_CONCURRENCY));
  const regionOf = (spec: ProfileSpec) => spec.region ?? options.defaultRegion;
  const needsAccountId = specs.some(s => !s.podExecutionRoleArn);
  const accountId = needsAccountId ? reader.getAccountId().then(id => ({ id }), (error: unknown) => ({ error })) : undefined;
  // Default roles the specs want are known by name up front: read them beside the clusters.
  for (const name of new Set(specs.filter(s => !s.podExecutionRoleArn).map(s => defaultRoleName(regionOf(s), s.cluster, s.name)))) {
    reader.getRole(name).catch(() => undefined);
  }
  // The default roles' path, listed once per plan (IAM is global): a role left behind by a stopped run is found there.
  const managedRoles = reader.listRoles(DEFAULT_ROLE_PATH).then(
    list => ({ list }),
    (error: unknown) => ({ error }),
  );

  // What is known before any read: parse errors and static rules (overlaps are analysed per cluster
  // on the cluster as it will be: EKS names, unmanaged profiles included).
  const upfront = [...(options.diagnostics ?? []), ...validateStatic(specs, { defaultRegion: options.defaultRegion, overlaps: false })];
  const specsByCluster = new Map<string, ProfileSpec[]>();
  for (const spec of specs) {
    const key = clusterKey({ region: regionOf(spec), name: spec.cluster });
    specsByCluster.set(key, [...(specsByCluster.get(key) ?? []), spec]);
  }
  const context: PlanContext = { specs, options, reader, regionOf, ...(accountId ? { accountId } : {}), managedRoles, upfront, index: indexSpecs(specs) };
  // Each cluster is read, validated and classified as soon as its own reads are in: the CPU work of one
  // cluster overlaps the other clusters' calls.
  const results = await Promise.all(
    clustersToPlan(specs, options, regionOf).map(ref => planCluster(context, ref, specsByCluster.get(clusterKey(ref)) ?? [])),
  );

  const clusters = results.map(r => r.plan).sort((a, b) => byString(a.region, b.region) || byString(a.cluster, b.cluster));
  const diagnostics = [...upfront, ...results.flatMap(r => r.diagnostics)];
  const listing = await managedRoles;
  if ('error' in listing) {
    diagnostics.push({
      severity: 'warning', code: 'plan.read-failed',
      message: `The roles under IAM path \`${DEFAULT_ROLE_PATH}\` could not be listed (${errorText(listing.error)}); default roles left behind by a stopped run are not looked for.`,
      hint: `allow iam:ListRoles on arn:aws:iam::<account>:role${DEFAULT_ROLE_PATH}*`,
    });
  }
  const roles = new Map(results.flatMap(r => [...r.roles]));
  const id = accountId ? await accountId : undefined;
  const summary = summarize(clusters);
  return {
    formatVersion: 1,
    fingerprint: fingerprintOf({ specs, options, readings: results.map(r => r.reading), roles, accountId: id && 'id' in id ? id.id : undefined }),
    clusters,
    // Pre-sorted by their whole content so ties in sortDiagnostics' keys cannot depend on read timing.
    diagnostics: dedupe(sortDiagnostics(diagnostics.map(d => [canonicalJson(d), d] as const).sort((a, b) => byString(a[0], b[0])).map(([, d]) => d))),
    summary,
    hasChanges: summary.create + summary.replace + summary.delete + summary.retag + summary.adopt > 0,
  };
}

interface PlanContext {
  specs: ProfileSpec[];
  options: PlanOptions;
  reader: AccountReader;
  regionOf: (spec: ProfileSpec) => string;
  accountId?: Promise<{ id: string } | { error: unknown }>;
  /** The roles under the default roles' IAM path (one ListRoles per plan). */
  managedRoles: Promise<{ list: RoleSummary[] } | { error: unknown }>;
  /** Parse and static diagnostics. */
  upfront: Diagnostic[];
  index: SpecIndex;
}

interface ClusterResult {
  plan: ClusterPlan;
  /** This cluster's live-validation and planning diagnostics. */
  diagnostics: Diagnostic[];
  reading: ClusterReading;
  roles: Map<string, RoleInfo | undefined>;
}

/** One cluster: its reads and live validation side by side, then its default roles, then classification. */
async function planCluster(context: PlanContext, ref: ClusterRef, clusterSpecs: ProfileSpec[]): Promise<ClusterResult> {
  const { options, reader, regionOf } = context;
  const [reading, live] = await Promise.all([
    readCluster(reader, ref),
    clusterSpecs.length > 0 ? validateLive(clusterSpecs, reader, { defaultRegion: options.defaultRegion }) : Promise.resolve([]),
  ]);
  const diagnostics: Diagnostic[] = [...live];
  const id = context.accountId ? await context.accountId : undefined;
  const accountIdValue = id && 'id' in id ? id.id : undefined;
  const withDefaultRole = clusterSpecs.filter(s => !s.podExecutionRoleArn);
  if (id && 'error' in id) {
    // The default role's ARN needs the account id: such specs cannot be planned (and keep their profiles).
    for (const spec of withDefaultRole) {
      diagnostics.push({
        severity: 'error', code: 'plan.account-id', cluster: spec.cluster, profile: spec.name, source: specPosition(spec),
        message: `The account id could not be read (${errorText(id.error)}), so the default role of spec \`${spec.name}\` cannot be named; it is not planned.`,
      });
    }
  }

  // Default roles: the specs' own (already asked for, so the reader answers from its cache) and those of
  // live managed profiles that may go. A role that cannot be read is never created or deleted: its spec
  // gets an error (and is not planned), a live profile's role is left alone.
  const roleOwners = new Map<string, ProfileSpec[]>();
  for (const spec of withDefaultRole) {
    const name = defaultRoleName(ref.region, spec.cluster, spec.name);
    roleOwners.set(name, [...(roleOwners.get(name) ?? []), spec]);
  }
  // Roles under the default path whose names could be this cluster's: read too, as one may be left behind.
  const listing = await context.managedRoles;
  const prefix = defaultRoleNamePrefix(ref.name);
  const listed = reading.profiles && 'list' in listing ? listing.list.filter(r => r.path === DEFAULT_ROLE_PATH && r.name.startsWith(prefix)).map(r => r.name) : [];
  const roleNames = new Set([
    ...roleOwners.keys(),
    ...(reading.profiles ? defaultRolesToRead(ref.region, ref.name, reading.profiles) : []),
    ...listed,
  ]);
  const roles = new Map<string, RoleInfo | undefined>();
  await Promise.all(
    [...roleNames].sort(byString).map(async name => {
      try {
        roles.set(name, await reader.getRole(name));
      } catch (error) {
        const owners = roleOwners.get(name) ?? [];
        for (const spec of owners) {
          diagnostics.push({
            severity: 'error', code: 'plan.read-failed', cluster: spec.cluster, profile: spec.name, source: specPosition(spec),
            message: `The default role \`${name}\` could not be read (${errorText(error)}); spec \`${spec.name}\` is not planned.`,
          });
        }
        if (owners.length === 0) diagnostics.push({ severity: 'warning', code: 'plan.read-failed', cluster: ref.name, message: `Role \`${name}\` could not be read (${errorText(error)}); it is not deleted.` });
      }
    }),
  );

  const base = {
    region: ref.region,
    cluster: ref.name,
    ...(reading.info ? { status: reading.info.status } : {}),
    ...(reading.quota !== undefined ? { quota: reading.quota } : {}),
    liveProfiles: reading.profiles?.length ?? 0,
  };
  const errors = attributeErrors(context.specs, context.index, [...context.upfront, ...diagnostics], options, regionOf);
  const blockedReason =
    reading.error ??
    errors.blockedClusters.get(clusterKey(ref)) ??
    (!reading.info
      ? `cluster \`${ref.name}\` not found in ${ref.region}`
      : // EKS changes profiles only on an ACTIVE cluster (an update in progress is waited out by apply).
        reading.info.status !== 'ACTIVE' && reading.info.status !== 'UPDATING'
        ? `cluster \`${ref.name}\` is ${reading.info.status}, not ACTIVE`
        : undefined);
  if (blockedReason || !reading.profiles) {
    if (reading.error) diagnostics.push({ severity: 'error', code: 'plan.read-failed', cluster: ref.name, message: `Cluster \`${ref.name}\` (${ref.region}) could not be read: ${reading.error}.` });
    return { plan: { ...base, changes: [], blockedReason: blockedReason ?? 'not readable' }, diagnostics, reading, roles };
  }
  const desired = clusterSpecs
    .filter(spec => !errors.specs.has(spec) && (spec.podExecutionRoleArn || accountIdValue))
    .map(spec => desiredProfileOf(spec, ref.region, accountIdValue, roles));
  const holdDeletes = errors.holdDeletesIn(ref);
  const outcome = classifyCluster({
    region: ref.region,
    cluster: ref.name,
    ...(reading.quota !== undefined ? { quota: reading.quota } : {}),
    live: reading.profiles,
    desired,
    protectedSpecs: errors.protectedIn(ref),
    ...(holdDeletes ? { holdDeletes } : {}),
    roles,
    listedRoles: listed,
  });
  diagnostics.push(...outcome.diagnostics, ...overlapsOf(ref.name, outcome), ...winnerChanges(ref.name, outcome));
  return { plan: { ...base, changes: outcome.changes }, diagnostics, reading, roles };
}


function desiredProfileOf(spec: ProfileSpec, region: string, accountId: string | undefined, roles: ReadonlyMap<string, RoleInfo | undefined>): DesiredProfile {
  const roleName = defaultRoleName(region, spec.cluster, spec.name);
  // An existing role keeps its ARN (one made before default roles had their path stays where it is).
  const defaultRole = spec.podExecutionRoleArn ? undefined : { name: roleName, arn: roles.get(roleName)?.arn ?? roleArn(region, accountId!, roleName) };
  const name = profileNameFor(spec);
  return {
    spec,
    region,
    name,
    ...(defaultRole ? { defaultRole } : {}),
    state: {
      name,
      podExecutionRoleArn: spec.podExecutionRoleArn ?? defaultRole!.arn,
      // Sets and maps in canonical order; selectors keep the spec's order, so `selectors[i]` paths point into the spec.
      subnets: sortedStrings(spec.subnets),
      selectors: spec.selectors.map(s => ({ namespace: s.namespace, labels: canonicalLabels(s.labels) })),
      tags: desiredTagsFor(spec),
    },
  };
}


function clustersToPlan(specs: ProfileSpec[], options: PlanOptions, regionOf: (s: ProfileSpec) => string): ClusterRef[] {
  const refs = new Map<string, ClusterRef>();
  for (const spec of specs) refs.set(clusterKey({ region: regionOf(spec), name: spec.cluster }), { region: regionOf(spec), name: spec.cluster });
  for (const ref of options.clusters ?? []) refs.set(clusterKey(ref), { region: ref.region, name: ref.name });
  return [...refs.values()].sort((a, b) => byString(a.region, b.region) || byString(a.name, b.name));
}

async function readCluster(reader: AccountReader, ref: ClusterRef): Promise<ClusterReading> {
  try {
    // The cluster, its profile names and the region's quota are independent reads: all at once.
    const [info, names, quota] = await Promise.all([
      reader.describeCluster(ref),
      reader.listAllFargateProfiles(ref).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      }),
      reader.getFargateProfileQuota(ref.region).catch(() => undefined),
    ]);
    if (!info || !names) return { ref, ...(info ? { info } : {}) };
    const described = await Promise.all(names.map(name => reader.describeFargateProfile(ref, name)));
    // A profile deleted between the list and its describe is simply gone.
    const profiles = described.filter((p): p is LiveProfile => p !== undefined);
    return { ref, info, profiles, ...(quota !== undefined ? { quota } : {}) };
  } catch (error) {
    return { ref, error: errorText(error) };
  }
}

const isNotFound = (error: unknown) => error instanceof Error && error.name === 'ResourceNotFoundException';

interface ErrorAttribution {
  /** Specs with errors: they produce no change. */
  specs: Set<ProfileSpec>;
  /** Clusters with errors that concern the cluster as a whole, with the first such error's message. */
  blockedClusters: Map<string, string>;
  protectedIn(ref: ClusterRef): Set<string>;
  holdDeletesIn(ref: ClusterRef): string | undefined;
}

/** Specs found by name (spec or EKS name) and by any position inside them, built once per plan. */
interface SpecIndex {
  byName: Map<string, ProfileSpec[]>;
  bySource: Map<string, ProfileSpec>;
}

const positionKey = (p: SourcePosition) => `${p.file}:${p.line}:${p.column}`;

function indexSpecs(specs: ProfileSpec[]): SpecIndex {
  const byName = new Map<string, ProfileSpec[]>();
  const bySource = new Map<string, ProfileSpec>();
  for (const spec of specs) {
    for (const name of new Set([spec.name, profileNameFor(spec)])) byName.set(name, [...(byName.get(name) ?? []), spec]);
    bySource.set(positionKey(spec.source), spec);
    for (const position of Object.values(spec.source.fields ?? {})) bySource.set(positionKey(position), spec);
  }
  return { byName, bySource };
}

/**
 * Which spec or cluster each error belongs to: by the spec it names (`cluster` + `profile`), else by
 * its position inside a spec. Errors of a run that belong to no spec and no cluster (a file that did
 * not parse at all) may hide any spec, so they hold back every delete; errors naming only a cluster
 * block that cluster (parse errors there hold back its deletes instead).
 */
function attributeErrors(
  specs: ProfileSpec[],
  index: SpecIndex,
  diagnostics: Diagnostic[],
  options: PlanOptions,
  regionOf: (s: ProfileSpec) => string,
): ErrorAttribution {
  const parse = new Set(options.diagnostics ?? []);
  const { bySource } = index;
  const at = positionKey;
  const erroneous = new Set<ProfileSpec>();
  const protectedNames: { name: string; cluster?: string }[] = [...(options.specsWithErrors ?? [])];
  const blockedClusters = new Map<string, string>();
  const holdAll: string[] = [];
  const holdCluster = new Map<string, string>();
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const named = d.profile ? (index.byName.get(d.profile) ?? []).filter(s => !d.cluster || s.cluster === d.cluster) : [];
    const positioned = d.source ? bySource.get(at(d.source)) : undefined;
    const owners = named.length > 0 ? named : positioned ? [positioned] : [];
    if (owners.length > 0) {
      for (const s of owners) erroneous.add(s);
      continue;
    }
    if (d.profile) {
      // A spec that did not parse far enough to be a spec: its live profiles must not look removed.
      protectedNames.push({ name: d.profile, ...(d.cluster ? { cluster: d.cluster } : {}) });
      continue;
    }
    const where = d.source ? ` (${d.source.file}:${d.source.line})` : '';
    if (parse.has(d) || !d.cluster) {
      const why = `spec files have errors${where}, so a spec that looks removed may only have failed to parse`;
      if (d.cluster) holdCluster.set(d.cluster, holdCluster.get(d.cluster) ?? why);
      else holdAll.push(why);
      continue;
    }
    for (const spec of specs.filter(s => s.cluster === d.cluster)) {
      const key = clusterKey({ region: regionOf(spec), name: spec.cluster });
      if (!blockedClusters.has(key)) blockedClusters.set(key, d.message);
    }
    for (const ref of options.clusters ?? []) if (ref.name === d.cluster && !blockedClusters.has(clusterKey(ref))) blockedClusters.set(clusterKey(ref), d.message);
  }
  for (const spec of erroneous) protectedNames.push({ name: spec.name, cluster: spec.cluster });
  return {
    specs: erroneous,
    blockedClusters,
    protectedIn: ref => new Set(protectedNames.filter(p => !p.cluster || p.cluster === ref.name).map(p => p.name)),
    holdDeletesIn: ref => holdCluster.get(ref.name) ?? holdAll[0],
  };
}

/** Overlap warnings on the cluster as it will be: EKS names decide which profile wins. */
function overlapsOf(cluster: string, outcome: ClusterOutcome): Diagnostic[] {
  return analyzeOverlaps(cluster, outcome.final.map(f => ({ ...f })));
}

/**
 * A replacement's new name sorts differently from the old one, so against another profile that
 * matches the same pods the winner may flip (EKS takes the first by name): say so.
 */
function winnerChanges(cluster: string, outcome: ClusterOutcome): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const change of outcome.changes) {
    if (!change.replaces || !change.before || !change.after || change.replaces === change.profileName) continue;
    const oldName = change.replaces;
    const newName = change.profileName;
    const others = outcome.final.filter((f: FinalProfile) => f.name !== newName && f.name !== oldName);
    for (const other of others) {
      const overlapsBefore = change.before.selectors.some(a => other.selectors.some(b => selectorsOverlap(a, b)));
      const overlapsAfter = change.after.selectors.some(a => other.selectors.some(b => selectorsOverlap(a, b)));
      if (!overlapsBefore || !overlapsAfter) continue;
      const wonBefore = oldName < other.name;
      const winsAfter = newName < other.name;
      if (wonBefore === winsAfter) continue;
      diagnostics.push({
        severity: 'warning',
        code: 'plan.replace-changes-winner',
        cluster,
        profile: change.spec ?? newName,
        ...(change.source ? { source: change.source } : {}),
        message: wonBefore
          ? `Replacing \`${oldName}\` by \`${newName}\` hands pods that \`${other.name}\` also matches to \`${other.name}\` (EKS takes the first by name).`
          : `Replacing \`${oldName}\` by \`${newName}\` takes pods that \`${other.name}\` also matches away from \`${other.name}\` (EKS takes the first by name).`,
        hint: `label those pods \`eks.amazonaws.com/fargate-profile\`, or set \`profileName\` to keep the order`,
      });
    }
  }
  return diagnostics;
}

function summarize(clusters: ClusterPlan[]): PlanSummary {
  const summary: PlanSummary = { create: 0, replace: 0, delete: 0, retag: 0, adopt: 0, noop: 0, unmanaged: 0 };
  for (const c of clusters) for (const change of c.changes as Change[]) summary[change.kind]++;
  return summary;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter(d => {
    const key = JSON.stringify([d.severity, d.code, d.message, d.cluster, d.profile, d.path, d.source]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
