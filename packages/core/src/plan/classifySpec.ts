import { managedSpecOf, type LiveProfile } from '../account/types';
import type { Diagnostic, SourcePosition } from '../diagnostics';
import { specPosition } from '../spec/positions';
import { byString } from './canonical';
import {
  emptyDecision,
  finding,
  mergeDecisions,
  operationId,
  removal,
  type ClusterView,
  type Decision,
} from './clusterView';
import type { DesiredProfile } from './desired';
import { diffProfiles, fieldsOfNew, sameImmutableFields, tagUpdate } from './diff';
import { failed, serving } from './liveState';
import type { FieldChange, InFlight, Operation, ProfileState } from './types';

/**
 * One desired spec against its live profiles. Decisions for profiles in transitional or failed states
 * (what a careful operator would do):
 * - CREATE_FAILED (ours): serves no pods; it is deleted (and, when its spec still wants it, created
 *   again: a delete-before-create replacement, as the failed profile holds the name and a quota slot).
 * - DELETE_FAILED (ours): the delete is retried; its health issues are reported as a warning.
 * - CREATING (ours): counts as the spec's profile when its fields match (apply waits for ACTIVE);
 *   otherwise it is replaced like an ACTIVE one. Either way the operation waits for it.
 * - DELETING (ours): already going; waited for (see `removal`).
 * Replacements come out create-before-delete and without roles: later steps decide those.
 */
export function classifySpec(view: ClusterView, d: DesiredProfile): Decision {
  const specName = d.spec.name;
  const source = specPosition(d.spec);
  const owned = view.owned.get(specName) ?? [];
  const mine = owned.filter(p => p.status !== 'DELETING');
  const leftoverDeletes = owned
    .filter(p => p.status === 'DELETING')
    .map(p => removal(view, p, specName, { code: 'replacement-leftover' }));
  const adoptLive = d.spec.adopt ? view.byName.get(d.spec.adopt) : undefined;
  const adoptOwner = adoptLive ? managedSpecOf(adoptLive.tags) : undefined;
  const adoptTarget = adoptLive && !adoptOwner && adoptLive.status !== 'DELETING' ? adoptLive : undefined;
  // When the spec cannot be planned, its live profiles stay exactly as they are.
  const keepAsIs = (diagnostic: Diagnostic): Decision =>
    mergeDecisions([
      ...leftoverDeletes,
      { ...emptyDecision(), kept: mine, claimed: mine.map(p => p.name), diagnostics: [diagnostic] },
    ]);

  const adoptForeign = adoptLive ? view.foreign.get(adoptLive.name) : undefined;
  if (adoptLive && adoptForeign !== undefined) {
    return keepAsIs(
      finding(
        view,
        'error',
        'plan.adopt-conflict',
        `Spec \`${specName}\` adopts \`${adoptLive.name}\`, which is managed by ${adoptForeign}.`,
        specName,
        source,
      ),
    );
  }
  if (adoptLive && adoptOwner && adoptOwner !== specName) {
    return keepAsIs(
      finding(
        view,
        'error',
        'plan.adopt-conflict',
        `Spec \`${specName}\` adopts \`${adoptLive.name}\`, which belongs to spec \`${adoptOwner}\`.`,
        specName,
        source,
      ),
    );
  }

  // 1. A profile of this spec that already has the desired immutable fields is kept.
  const keep = mine
    .filter(
      p =>
        serving(p.status) &&
        sameImmutableFields(view.stateOf(p), d.state) &&
        (!d.spec.profileName || p.name === d.spec.profileName),
    )
    .sort(
      (a, b) =>
        Number(b.name === d.name) - Number(a.name === d.name) ||
        Number(b.name === d.spec.adopt) - Number(a.name === d.spec.adopt) ||
        Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') ||
        byString(a.name, b.name),
    )[0];
  // An unmanaged adopt target whose fields equal the spec is taken over in place.
  const adoptInPlace =
    !keep && adoptTarget && serving(adoptTarget.status) && sameImmutableFields(view.stateOf(adoptTarget), d.state)
      ? adoptTarget
      : undefined;
  const current = keep ?? adoptInPlace;
  if (current) {
    const leftovers = mine.filter(p => p !== current).map(p => leftoverRemoval(view, p, specName, current.name));
    // The adoption replaced it already (an earlier run was interrupted before deleting it).
    const replacedAdoptee =
      adoptTarget && adoptTarget !== current
        ? [
            removal(
              view,
              adoptTarget,
              specName,
              { code: 'adopted-and-replaced', by: current.name },
              { successor: current.name, ownership: 'adopted' },
            ),
          ]
        : [];
    return mergeDecisions([
      ...leftoverDeletes,
      inPlace(view, d, current, current === adoptInPlace, source),
      ...leftovers,
      ...replacedAdoptee,
    ]);
  }

  // 2. Otherwise the spec's profile is created, replacing what it had (or what it adopts).
  const old =
    mine.find(p => serving(p.status)) ??
    adoptTarget ??
    mine.find(p => failed(p.status) && p.name === d.name) ??
    mine.find(p => failed(p.status));
  const holder = view.byName.get(d.name);
  const holderSource = holder ? view.foreign.get(holder.name) : undefined;
  if (
    holder &&
    holder !== old &&
    (holderSource !== undefined || managedSpecOf(holder.tags) !== specName) &&
    holder.status !== 'DELETING'
  ) {
    const whose = holderSource !== undefined ? `managed by ${holderSource}` : "that is not this spec's";
    return keepAsIs(
      finding(
        view,
        'error',
        'plan.name-taken',
        `The EKS name \`${d.name}\` is taken by a profile ${whose}; rename the spec or set \`profileName\`.`,
        specName,
        source,
      ),
    );
  }
  const waitsFor = inFlightOf(old?.status === 'CREATING' ? old : holder?.status === 'DELETING' ? holder : undefined);
  const inFlightNote = waitsFor
    ? [
        finding(
          view,
          'warning',
          'plan.in-flight',
          `Profile \`${waitsFor.profile}\` is ${waitsFor.status}; apply waits for it before going on.`,
          specName,
          source,
        ),
      ]
    : [];
  const leftovers = mine.filter(p => p !== old).map(p => leftoverRemoval(view, p, specName, d.name));
  const created = old
    ? replacement(view, d, old, old === adoptTarget, source, waitsFor)
    : creation(view, d, source, waitsFor, Boolean(adoptLive) || view.owned.has(specName));
  return mergeDecisions([...leftoverDeletes, created, ...leftovers, { ...emptyDecision(), diagnostics: inFlightNote }]);
}

const inFlightOf = (profile: LiveProfile | undefined): InFlight | undefined =>
  profile && (profile.status === 'CREATING' || profile.status === 'DELETING')
    ? { profile: profile.name, status: profile.status }
    : undefined;

/** Another profile of the spec, left over from an interrupted replacement or failed to create. */
function leftoverRemoval(view: ClusterView, profile: LiveProfile, spec: string, successor: string): Decision {
  const reason =
    profile.status === 'CREATE_FAILED'
      ? { code: 'create-failed' as const, health: profile.health }
      : { code: 'replacement-leftover' as const };
  return removal(view, profile, spec, reason, { successor });
}

/** The spec's profile stays: no change, a wait for its create, a retag, or an adoption in place. */
function inPlace(
  view: ClusterView,
  d: DesiredProfile,
  current: LiveProfile,
  adopting: boolean,
  source: SourcePosition,
): Decision {
  const before = view.stateOf(current);
  const after: ProfileState = { ...d.state, name: current.name };
  const fields = diffProfiles(before, after);
  const waitsFor = inFlightOf(current);
  const base = {
    region: view.region,
    cluster: view.cluster,
    spec: d.spec.name,
    profile: current.name,
    source,
    before,
    after,
  };
  const note = waitsFor
    ? [
        finding(
          view,
          'warning',
          'plan.in-flight',
          `Profile \`${current.name}\` is still CREATING; apply waits until it is ACTIVE.`,
          d.spec.name,
          source,
        ),
      ]
    : [];
  const inFlight = waitsFor ? { waitsFor } : {};
  const operation: Operation = adopting
    ? {
        op: 'adopt-in-place',
        id: operationId(view, 'adopt-in-place', current.name),
        ...base,
        fields,
        tags: tagUpdate(current.tags, after.tags),
        ...inFlight,
        reason: { code: 'immutable-fields-equal' },
      }
    : fields.length > 0
      ? {
          op: 'retag',
          id: operationId(view, 'retag', current.name),
          ...base,
          fields,
          tags: tagUpdate(current.tags, after.tags),
          ...inFlight,
          reason: { code: 'fields-changed', fields: fieldPaths(fields) },
        }
      : waitsFor
        ? {
            op: 'wait',
            id: operationId(view, 'wait', current.name),
            ...base,
            until: 'active',
            reason: { code: 'creating' },
          }
        : { op: 'no-op', id: operationId(view, 'no-op', current.name), ...base, reason: { code: 'up-to-date' } };
  return { operations: [operation], kept: [], claimed: [current.name], diagnostics: note };
}

function creation(
  view: ClusterView,
  d: DesiredProfile,
  source: SourcePosition,
  waitsFor: InFlight | undefined,
  adoptedBefore: boolean,
): Decision {
  const after: ProfileState = { ...d.state, name: d.name };
  // A spec that has had its own profile adopted (and replaced) its target before: nothing to warn about.
  const adoptMissing = d.spec.adopt !== undefined && !adoptedBefore;
  return {
    ...emptyDecision(),
    diagnostics: adoptMissing
      ? [
          finding(
            view,
            'warning',
            'plan.adopt-not-found',
            `Spec \`${d.spec.name}\` adopts \`${d.spec.adopt}\`, which does not exist in \`${view.cluster}\`; a new profile is created.`,
            d.spec.name,
            source,
          ),
        ]
      : [],
    operations: [
      {
        op: 'create',
        id: operationId(view, 'create', d.name),
        region: view.region,
        cluster: view.cluster,
        spec: d.spec.name,
        source,
        profile: d.name,
        after,
        fields: fieldsOfNew(after),
        ...(waitsFor ? { waitsFor } : {}),
        reason: adoptMissing ? { code: 'adopt-target-missing', adopt: d.spec.adopt! } : { code: 'new-spec' },
      },
    ],
  };
}

function replacement(
  view: ClusterView,
  d: DesiredProfile,
  old: LiveProfile,
  adopting: boolean,
  source: SourcePosition,
  waitsFor: InFlight | undefined,
): Decision {
  const before = view.stateOf(old);
  const after: ProfileState = { ...d.state, name: d.name };
  const fields = diffProfiles(before, after);
  const forcing = fields.filter(f => f.forcesReplacement);
  const op = adopting ? 'adopt-by-replace' : 'replace';
  return {
    ...emptyDecision(),
    claimed: [old.name],
    operations: [
      {
        op,
        id: operationId(view, op, d.name),
        region: view.region,
        cluster: view.cluster,
        spec: d.spec.name,
        source,
        profile: d.name,
        replaces: old.name,
        before,
        after,
        fields,
        order: { kind: 'create-before-delete' },
        ...(waitsFor ? { waitsFor } : {}),
        reason: failed(old.status)
          ? { code: 'failed', status: old.status }
          : { code: 'fields-changed', fields: fieldPaths(forcing.length > 0 ? forcing : fields) },
      },
    ],
  };
}

/** Distinct changed paths; the managed tags follow the content, so they count only when nothing else changed. */
function fieldPaths(fields: readonly FieldChange[]): string[] {
  const all = [...new Set(fields.map(f => f.path))];
  const own = all.filter(p => !p.startsWith('tags.fargatekeeper.dev/'));
  return own.length > 0 ? own : all;
}
