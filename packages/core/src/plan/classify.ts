import type { Diagnostic, SourcePosition } from '../diagnostics';
import { SPEC_TAG, type LiveProfile, type ProfileStatus, type RoleInfo } from '../account/types';
import { specPosition } from '../spec/positions';
import type { ProfileSpec, Selector } from '../spec/types';
import { byString, sortedStrings } from './canonical';
import { roleNameFromArn } from '../account/trust';
import { CLUSTER_TAG, DEFAULT_ROLE_PATH, DEFAULT_ROLE_PREFIX, defaultRoleName, isManagedRole } from './defaultRole';
import { describeFields, diffProfiles, sameImmutableFields, tagUpdate } from './diff';
import { managedSpecOf } from './naming';
import type { Change, ChangeKind, FieldChange, ProfileState, RoleAction } from './types';

/** A spec ready to plan: its region resolved, its EKS name and full desired state computed. */
export interface DesiredProfile {
  spec: ProfileSpec;
  region: string;
  /** The EKS name a new profile for this spec gets. */
  name: string;
  state: ProfileState;
  /** Set when the spec names no role: the default role fargatekeeper provides. */
  defaultRole?: { name: string; arn: string };
}

export interface ClusterInput {
  region: string;
  cluster: string;
  quota?: number;
  live: LiveProfile[];
  /** Specs of this cluster without errors. */
  desired: DesiredProfile[];
  /** Spec names with errors (or that failed to parse): their live profiles stay as they are. */
  protectedSpecs: ReadonlySet<string>;
  /** Why deletes are held back in this cluster (spec files with errors that name no spec). */
  holdDeletes?: string;
  /** Default roles as read by name (undefined: does not exist; absent: could not be read). */
  roles: ReadonlyMap<string, RoleInfo | undefined>;
  /** Names of roles listed under the default roles' path that may be this cluster's (read into `roles`). */
  listedRoles?: readonly string[];
}

/** A profile as it will be after the plan, for overlap analysis. */
export interface FinalProfile {
  name: string;
  spec?: string;
  podExecutionRoleArn: string;
  selectors: Selector[];
  source?: SourcePosition;
  /** Field positions of the spec, so overlap warnings point at the selector itself. */
  fields?: Record<string, SourcePosition>;
}

export interface ClusterOutcome {
  changes: Change[];
  diagnostics: Diagnostic[];
  final: FinalProfile[];
}

/** Order of kinds in a cluster's change list: what does something first, then what is only reported. */
export const KIND_ORDER: readonly ChangeKind[] = ['create', 'adopt', 'replace', 'retag', 'delete', 'noop', 'unmanaged'];

const serving = (status: ProfileStatus) => status === 'ACTIVE' || status === 'CREATING';
const failed = (status: ProfileStatus) => status === 'CREATE_FAILED' || status === 'DELETE_FAILED';

function toState(profile: LiveProfile): ProfileState {
  return {
    name: profile.name,
    podExecutionRoleArn: profile.podExecutionRoleArn,
    subnets: [...profile.subnets],
    selectors: profile.selectors.map(s => ({ namespace: s.namespace, labels: { ...s.labels } })),
    tags: { ...profile.tags },
    status: profile.status,
    ...(profile.health.length > 0 ? { health: profile.health.map(h => ({ ...h })) } : {}),
  };
}

const healthText = (profile: LiveProfile) =>
  profile.health.length > 0 ? `: ${profile.health.map(h => `${h.code}: ${h.message}`).join('; ')}` : '';

/**
 * Desired against live for one cluster. Decisions for profiles in transitional or failed states
 * (what a careful operator would do):
 * - CREATE_FAILED (ours): serves no pods; it is deleted (and, when its spec still wants it, created
 *   again: a delete-before-create replacement, as the failed profile holds the name and a quota slot).
 * - DELETE_FAILED (ours): the delete is retried; its health issues are reported as a warning.
 * - CREATING (ours): counts as the spec's profile when its fields match (apply waits for ACTIVE);
 *   otherwise it is replaced like an ACTIVE one. Either way the change `waitsFor` it.
 * - DELETING (ours): already going; a `delete` that `waitsFor` it, so apply waits until it is gone and
 *   then deletes its default role. When the spec's new profile has the same name, the create waits for
 *   it instead (an info). Unmanaged DELETING profiles are only reported.
 * - Unmanaged profiles in any state are reported and never changed (unless a spec adopts them).
 */
export function classifyCluster(input: ClusterInput): ClusterOutcome {
  const { region, cluster } = input;
  const changes: Change[] = [];
  const diagnostics: Diagnostic[] = [];
  const final: FinalProfile[] = [];
  const live = [...input.live].sort((a, b) => byString(a.name, b.name));
  const liveByName = new Map(live.map(p => [p.name, p]));
  const owned = new Map<string, LiveProfile[]>();
  for (const profile of live) {
    const spec = managedSpecOf(profile.tags);
    if (spec) owned.set(spec, [...(owned.get(spec) ?? []), profile]);
  }
  const states = new Map<LiveProfile, ProfileState>();
  const stateOf = (profile: LiveProfile): ProfileState => {
    let state = states.get(profile);
    if (!state) states.set(profile, (state = toState(profile)));
    return state;
  };
  const handled = new Set<string>();
  const desiredSpecs = new Set(input.desired.map(d => d.spec.name));
  const desiredNames = new Set(input.desired.map(d => d.name));
  const diag = (severity: Diagnostic['severity'], code: string, message: string, profile?: string, source?: SourcePosition) =>
    diagnostics.push({ severity, code, message, cluster, ...(profile ? { profile } : {}), ...(source ? { source } : {}) });
  const change = (c: Omit<Change, 'id' | 'region' | 'cluster'>): Change => {
    const full: Change = { id: `${region}/${cluster}/${c.kind}/${c.profileName}`, region, cluster, ...c };
    changes.push(full);
    return full;
  };

  const deleteProfile = (profile: LiveProfile, reason: string, spec?: string) => {
    handled.add(profile.name);
    if (profile.status === 'DELETING') {
      // A create of the same name waits for this delete itself (and keeps the spec's role).
      if (desiredNames.has(profile.name)) {
        diag('info', 'plan.deleting', `Profile \`${profile.name}\` is already being deleted; its new profile is created after.`, profile.name);
        return;
      }
      // An earlier run's delete still in flight: apply waits for it to finish, and the default role
      // it used goes after it (no later plan would see the profile to lead to the role).
      change({ kind: 'delete', profileName: profile.name, ...(spec ? { spec } : {}), before: stateOf(profile), fields: [], reason: `${reason}; already being deleted`, waitsFor: profile.name });
      return;
    }
    if (profile.status === 'DELETE_FAILED') {
      diag('warning', 'plan.delete-failed', `Profile \`${profile.name}\` failed to delete before${healthText(profile)}; the delete is retried.`, profile.name);
    }
    change({ kind: 'delete', profileName: profile.name, ...(spec ? { spec } : {}), before: stateOf(profile), fields: [], reason });
  };

  const isForeign = (name: string, specName: string) => {
    const holder = liveByName.get(name);
    return holder !== undefined && managedSpecOf(holder.tags) !== specName && holder.status !== 'DELETING';
  };

  for (const d of [...input.desired].sort((a, b) => byString(a.spec.name, b.spec.name))) {
    const specName = d.spec.name;
    const source = specPosition(d.spec);
    const mine = (owned.get(specName) ?? []).filter(p => p.status !== 'DELETING');
    for (const p of owned.get(specName) ?? []) if (p.status === 'DELETING') deleteProfile(p, 'left over from an interrupted replacement', specName);
    const adoptLive = d.spec.adopt ? liveByName.get(d.spec.adopt) : undefined;
    const adoptTarget = adoptLive && !managedSpecOf(adoptLive.tags) && adoptLive.status !== 'DELETING' ? adoptLive : undefined;
    // When the spec cannot be planned, its live profiles stay exactly as they are.
    const keepAsIs = () => {
      for (const p of mine) {
        handled.add(p.name);
        final.push(finalOf(p));
      }
    };
    if (adoptLive && !adoptTarget && managedSpecOf(adoptLive.tags) && managedSpecOf(adoptLive.tags) !== specName) {
      diag('error', 'plan.adopt-conflict', `Spec \`${specName}\` adopts \`${adoptLive.name}\`, which belongs to spec \`${managedSpecOf(adoptLive.tags)}\`.`, specName, source);
      keepAsIs();
      continue;
    }
    const desiredFor = (name: string): ProfileState => ({ ...d.state, name });
    const leftovers = (keep: LiveProfile | undefined, why: string) => {
      for (const p of mine) if (p !== keep) deleteProfile(p, p.status === 'CREATE_FAILED' ? `failed to create${healthText(p)}` : why, specName);
    };

    // 1. A profile of this spec that already has the desired immutable fields is kept.
    const keep = mine
      .filter(p => serving(p.status) && sameImmutableFields(stateOf(p), d.state) && (!d.spec.profileName || p.name === d.spec.profileName))
      .sort(
        (a, b) =>
          Number(b.name === d.name) - Number(a.name === d.name) ||
          Number(b.name === d.spec.adopt) - Number(a.name === d.spec.adopt) ||
          Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') ||
          byString(a.name, b.name),
      )[0];
    // An unmanaged adopt target whose fields equal the spec is taken over in place.
    const adoptInPlace =
      !keep && adoptTarget && serving(adoptTarget.status) && sameImmutableFields(stateOf(adoptTarget), d.state) ? adoptTarget : undefined;

    if (keep || adoptInPlace) {
      const current = (keep ?? adoptInPlace)!;
      handled.add(current.name);
      const after = desiredFor(current.name);
      const fields = diffProfiles(stateOf(current), after);
      const waitsFor = current.status === 'CREATING' ? current.name : undefined;
      if (waitsFor) diag('warning', 'plan.in-flight', `Profile \`${current.name}\` is still CREATING; apply waits until it is ACTIVE.`, specName, source);
      if (adoptInPlace) {
        change({
          kind: 'adopt', spec: specName, profileName: current.name, before: stateOf(current), after, fields,
          tags: tagUpdate(current.tags, after.tags), reason: `adopts unmanaged \`${current.name}\` by tagging it (its immutable fields equal the spec)`,
          source, ...(waitsFor ? { waitsFor } : {}),
        });
      } else if (fields.length > 0) {
        change({
          kind: 'retag', spec: specName, profileName: current.name, before: stateOf(current), after, fields,
          tags: tagUpdate(current.tags, after.tags), reason: describeFields(fields), source, ...(waitsFor ? { waitsFor } : {}),
        });
      } else {
        change({ kind: 'noop', spec: specName, profileName: current.name, before: stateOf(current), after, fields: [], reason: 'up to date', source, ...(waitsFor ? { waitsFor } : {}) });
      }
      leftovers(keep, 'left over from an interrupted replacement');
      if (adoptTarget && adoptTarget !== current) {
        // The adoption replaced it already (an earlier run was interrupted before deleting it).
        deleteProfile(adoptTarget, `adopted by spec \`${specName}\` and already replaced by \`${current.name}\``, specName);
      }
      final.push({ name: current.name, spec: specName, podExecutionRoleArn: after.podExecutionRoleArn, selectors: d.spec.selectors, source, fields: d.spec.source.fields });
      continue;
    }

    // 2. Otherwise the spec's profile is created, replacing what it had (or what it adopts).
    const servingMine = mine.filter(p => serving(p.status));
    const old =
      servingMine[0] ?? adoptTarget ?? mine.find(p => failed(p.status) && p.name === d.name) ?? mine.find(p => failed(p.status));
    if (isForeign(d.name, specName) && liveByName.get(d.name) !== old) {
      diag('error', 'plan.name-taken', `The EKS name \`${d.name}\` is taken by a profile that is not this spec's; rename the spec or set \`profileName\`.`, specName, source);
      keepAsIs();
      continue;
    }
    const deleting = liveByName.get(d.name)?.status === 'DELETING' ? d.name : undefined;
    const inFlight = old?.status === 'CREATING' ? old.name : deleting;
    if (inFlight) {
      diag('warning', 'plan.in-flight', `Profile \`${inFlight}\` is ${liveByName.get(inFlight)!.status}; apply waits for it before going on.`, specName, source);
    }
    const after = desiredFor(d.name);
    if (!old) {
      // A spec that has had its own profile adopted (and replaced) its target before: nothing to warn about.
      if (d.spec.adopt && !adoptLive && !owned.has(specName)) {
        diag('warning', 'plan.adopt-not-found', `Spec \`${specName}\` adopts \`${d.spec.adopt}\`, which does not exist in \`${cluster}\`; a new profile is created.`, specName, source);
      }
      change({
        kind: 'create', spec: specName, profileName: d.name, after, fields: fieldsOfNew(after),
        reason: 'new spec', source, ...(inFlight ? { waitsFor: inFlight } : {}),
      });
    } else {
      handled.add(old.name);
      const fields = diffProfiles(stateOf(old), after);
      const isAdoption = old === adoptTarget;
      const forcing = fields.filter(f => f.forcesReplacement);
      const because = failed(old.status) ? `\`${old.name}\` is ${old.status}` : describeFields(forcing.length > 0 ? forcing : fields);
      change({
        kind: isAdoption ? 'adopt' : 'replace', spec: specName, profileName: d.name, replaces: old.name, before: stateOf(old), after, fields,
        reason: isAdoption ? `adopts unmanaged \`${old.name}\` by replacing it: ${because}` : because,
        source, ...(inFlight ? { waitsFor: inFlight } : {}),
      });
    }
    leftovers(old, 'left over from an interrupted replacement');
    final.push({ name: d.name, spec: specName, podExecutionRoleArn: after.podExecutionRoleArn, selectors: d.spec.selectors, source, fields: d.spec.source.fields });
  }

  // Managed profiles whose spec is gone from Git are deleted, unless a spec with errors may still want them.
  for (const [specName, profiles] of [...owned].sort((a, b) => byString(a[0], b[0]))) {
    if (desiredSpecs.has(specName)) continue;
    for (const profile of profiles) {
      if (handled.has(profile.name)) continue;
      if (input.protectedSpecs.has(specName)) {
        handled.add(profile.name);
        diag('warning', 'plan.kept-spec-errors', `Profile \`${profile.name}\` (spec \`${specName}\`) is kept as it is: the spec has errors.`, profile.name);
        final.push(finalOf(profile));
        continue;
      }
      if (input.holdDeletes) {
        handled.add(profile.name);
        if (profile.status === 'DELETING') {
          // Already going; its default role is kept while the spec may only have failed to parse.
          diag('info', 'plan.deleting', `Profile \`${profile.name}\` is already being deleted.`, profile.name);
          continue;
        }
        diag('warning', 'plan.delete-held-back', `Profile \`${profile.name}\` (spec \`${specName}\`) is not deleted: ${input.holdDeletes}.`, profile.name);
        final.push(finalOf(profile));
        continue;
      }
      deleteProfile(profile, profile.status === 'DELETE_FAILED' ? `spec \`${specName}\` removed from Git; the last delete failed` : `spec \`${specName}\` removed from Git`, specName);
    }
  }

  for (const profile of live) {
    if (handled.has(profile.name)) continue;
    handled.add(profile.name);
    const note = profile.status === 'ACTIVE' ? '' : ` (${profile.status})`;
    change({ kind: 'unmanaged', profileName: profile.name, before: stateOf(profile), fields: [], reason: `not managed by fargatekeeper${note}; left as it is` });
    if (profile.status !== 'DELETING') final.push(finalOf(profile));
  }

  chooseStrategies(input, changes, diagnostics);
  planRoles(input, changes, final, diagnostics);
  changes.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || byString(a.profileName, b.profileName) || byString(a.id, b.id));
  final.sort((a, b) => byString(a.name, b.name));
  return { changes, diagnostics, final };
}

function finalOf(profile: LiveProfile): FinalProfile {
  const spec = managedSpecOf(profile.tags);
  return { name: profile.name, ...(spec ? { spec } : {}), podExecutionRoleArn: profile.podExecutionRoleArn, selectors: profile.selectors };
}

/** The fields of a profile that does not exist yet, each from nothing to its value. */
function fieldsOfNew(after: ProfileState): FieldChange[] {
  return [
    { path: 'podExecutionRoleArn', after: after.podExecutionRoleArn, forcesReplacement: true },
    { path: 'subnets', after: sortedStrings(after.subnets), forcesReplacement: true },
    ...after.selectors.map((selector, i) => ({ path: `selectors[${i}]`, after: selector, forcesReplacement: true })),
    ...Object.keys(after.tags).sort(byString).map(key => ({ path: `tags.${key}`, after: after.tags[key], forcesReplacement: false })),
  ];
}


/**
 * Create-before-delete keeps pods scheduled during a replacement, so it is the default. It cannot work
 * when the new profile needs the old one's name (a fixed `profileName`, or the same derived name) or
 * when the extra profile would exceed the quota (counted after the plan's deletes, which apply runs first).
 * A failed old profile serves no pods, so deleting it first costs nothing and frees its slot.
 */
function chooseStrategies(input: ClusterInput, changes: Change[], diagnostics: Diagnostic[]): void {
  // Profiles in the cluster when a replacement runs, in apply's order (orderClusterChanges): deletes
  // that have no successor may go first, creates come before create-before-delete replacements.
  const specOf = (c: Change) => c.spec ?? (c.before ? managedSpecOf(c.before.tags) : undefined);
  const freeDeletes = changes.filter(
    c => c.kind === 'delete' && !changes.some(o => o !== c && o.kind !== 'delete' && o.kind !== 'unmanaged' && specOf(o) !== undefined && specOf(o) === specOf(c)),
  ).length;
  const creates = changes.filter(c => c.kind === 'create').length;
  const countAtReplacement = input.live.length - freeDeletes + creates;
  for (const c of changes) {
    if (!c.replaces) continue;
    const old = c.before!;
    let reason: string | undefined;
    if (old.status === 'CREATE_FAILED' || old.status === 'DELETE_FAILED') {
      reason = `\`${old.name}\` is ${old.status} and serves no pods`;
    } else if (c.profileName === c.replaces) {
      reason = c.spec && fixedName(input, c.spec) === c.profileName
        ? `\`profileName\` fixes the name \`${c.profileName}\`, so the old profile must go first`
        : `the new profile has the same EKS name \`${c.profileName}\``;
    } else if (input.quota !== undefined && countAtReplacement + 1 > input.quota) {
      reason = `the cluster would exceed its quota of ${input.quota} profiles (${countAtReplacement} in use when the replacement runs, and create-before-delete needs one more)`;
    }
    c.strategy = reason ? 'delete-before-create' : 'create-before-delete';
    if (reason) {
      c.strategyReason = reason;
      if (old.status === 'ACTIVE' || old.status === 'CREATING') {
        diagnostics.push({
          severity: 'warning', code: 'plan.replace-downtime', cluster: input.cluster, profile: c.spec ?? c.profileName, ...(c.source ? { source: c.source } : {}),
          message: `\`${old.name}\` is deleted before \`${c.profileName}\` is created (${reason}): pods that only it matches cannot start on Fargate in between.`,
        });
      }
    }
  }
}

function fixedName(input: ClusterInput, specName: string): string | undefined {
  return input.desired.find(d => d.spec.name === specName)?.spec.profileName;
}

/**
 * The default role is created with the first change that needs it, and deleted with the last profile
 * that used it, only when it carries our tag and no profile left in the cluster uses it.
 */
function planRoles(input: ClusterInput, changes: Change[], final: FinalProfile[], diagnostics: Diagnostic[]): void {
  const arnsInUse = new Set(final.map(f => f.podExecutionRoleArn));
  const created = new Set<string>();
  const deleted = new Set<string>();
  for (const c of [...changes].sort((a, b) => byString(a.id, b.id))) {
    const roles: RoleAction[] = [];
    const d = c.spec ? input.desired.find(x => x.spec.name === c.spec) : undefined;
    // A role that could not be read (not in the map) is neither created nor deleted: its read error is reported.
    if (d?.defaultRole && c.after && (c.kind === 'create' || c.replaces) && input.roles.has(d.defaultRole.name)) {
      const role = input.roles.get(d.defaultRole.name);
      if (!role && !created.has(d.defaultRole.name)) {
        created.add(d.defaultRole.name);
        roles.push({ action: 'create', name: d.defaultRole.name, arn: d.defaultRole.arn, spec: d.spec.name });
      } else if (role && !isManagedRole(role)) {
        diagnostics.push({
          severity: 'warning', code: 'plan.default-role-foreign', cluster: input.cluster, profile: d.spec.name, source: specPosition(d.spec),
          message: `Role \`${d.defaultRole.name}\` exists but is not tagged as fargatekeeper's; it is used as it is and never changed.`,
        });
      }
    }
    const gone = c.kind === 'delete' ? c.before : c.replaces ? c.before : undefined;
    const goneSpec = gone && managedSpecOf(gone.tags);
    if (gone && goneSpec && !arnsInUse.has(gone.podExecutionRoleArn)) {
      const name = roleNameFromArn(gone.podExecutionRoleArn);
      const role = name ? input.roles.get(name) : undefined;
      if (name && name === defaultRoleName(input.region, input.cluster, goneSpec) && role && isManagedRole(role) && !deleted.has(name)) {
        deleted.add(name);
        roles.push({ action: 'delete', name, arn: gone.podExecutionRoleArn, spec: goneSpec });
      }
    }
    if (roles.length > 0) c.roles = roles;
  }
  planLeftoverRoles(input, changes, final, { created, deleted });
}

/**
 * A default role of this cluster that no profile uses and no spec wants is deleted on its own: a run
 * stopped after its profile was gone but before the role was deleted leaves it, and no profile leads
 * to it any more. Only roles under our path, tagged as ours, for this cluster and named as this
 * cluster's default role of the spec they are tagged with; never while deletes are held back or the
 * spec has errors.
 */
function planLeftoverRoles(input: ClusterInput, changes: Change[], final: FinalProfile[], seen: { created: Set<string>; deleted: Set<string> }): void {
  if (input.holdDeletes) return;
  const namesInUse = new Set(
    [...final.map(f => f.podExecutionRoleArn), ...input.live.map(p => p.podExecutionRoleArn)].map(arn => roleNameFromArn(arn)),
  );
  const wanted = new Set(input.desired.flatMap(d => (d.defaultRole ? [d.defaultRole.name] : [])));
  for (const name of [...new Set(input.listedRoles ?? [])].sort(byString)) {
    const role = input.roles.get(name);
    const spec = role?.tags[SPEC_TAG];
    if (!role || !spec || !isManagedRole(role) || role.tags[CLUSTER_TAG] !== input.cluster) continue;
    if ((role.path ?? '/') !== DEFAULT_ROLE_PATH || name !== defaultRoleName(input.region, input.cluster, spec)) continue;
    if (namesInUse.has(name) || wanted.has(name) || seen.created.has(name) || seen.deleted.has(name) || input.protectedSpecs.has(spec)) continue;
    seen.deleted.add(name);
    changes.push({
      id: `${input.region}/${input.cluster}/delete-role/${name}`,
      kind: 'delete',
      target: 'role',
      region: input.region,
      cluster: input.cluster,
      spec,
      profileName: name,
      fields: [],
      reason: `default role of spec \`${spec}\` left behind: no profile uses it and no spec wants it`,
      roles: [{ action: 'delete', name, arn: role.arn, spec }],
    });
  }
}

/** Default roles of managed live profiles (which may go, taking their role with them): names to read. */
export function defaultRolesToRead(region: string, cluster: string, live: LiveProfile[]): string[] {
  const names = new Set<string>();
  for (const p of live) {
    const spec = managedSpecOf(p.tags);
    const name = roleNameFromArn(p.podExecutionRoleArn);
    if (spec && name?.startsWith(DEFAULT_ROLE_PREFIX) && name === defaultRoleName(region, cluster, spec)) names.add(name);
  }
  return [...names].sort(byString);
}
