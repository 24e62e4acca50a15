import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  SPEC_TAG,
  profileAfter,
  specOf,
  type ClusterRef,
  type LiveProfile,
  type Operation,
  type ProfileSpec,
} from '@fargatekeeper/core';
import type {
  DesiredProfileView,
  DriftState,
  ProfileOperationKind,
  ProfileView,
} from '@fargatekeeper/backstage-plugin-fargate-common';
import { operationView } from './operationView';

/** Where an operation puts a profile against Git. */
interface Placement {
  operation: Operation;
  kind: ProfileOperationKind;
  /** The live profile it works on (a replacement's old one); undefined for a create. */
  live?: string;
  drift: DriftState;
}

/** How an operation places a profile against Git; undefined for `delete-role`, which is no profile's. */
function placementOf(o: Operation): Placement | undefined {
  switch (o.op) {
    case 'create':
      return { operation: o, kind: o.op, drift: 'missing' };
    case 'replace':
    case 'adopt-by-replace':
      return { operation: o, kind: o.op, live: o.replaces, drift: 'drifted' };
    case 'adopt-in-place':
    case 'retag':
      return { operation: o, kind: o.op, live: o.profile, drift: 'drifted' };
    case 'delete-profile':
      return { operation: o, kind: o.op, live: o.profile, drift: 'orphaned' };
    // A profile an earlier apply is creating is already the spec's; one it is deleting has no spec any more.
    case 'wait':
      return { operation: o, kind: o.op, live: o.profile, drift: o.until === 'active' ? 'in-sync' : 'orphaned' };
    case 'no-op':
      return { operation: o, kind: o.op, live: o.profile, drift: 'in-sync' };
    case 'unmanaged':
      return { operation: o, kind: o.op, live: o.profile, drift: 'unmanaged' };
    case 'delete-role':
      return undefined;
  }
  return assertNever(o);
}

/** Ends a switch whose cases may return undefined: a missing case leaves `o` typed, not `never`. */
function assertNever(o: never): never {
  throw new Error(`unhandled operation ${JSON.stringify(o)}`);
}

export interface ProfileViewsInput {
  cluster: ClusterRef;
  live: LiveProfile[];
  /** The cluster's specs that parsed. */
  specs: ProfileSpec[];
  /** The plan's operations for the cluster (none when it could not be planned). */
  operations: Operation[];
  link: (file: string, line: number) => string | undefined;
}

export function desiredView(spec: ProfileSpec, link: ProfileViewsInput['link']): DesiredProfileView {
  const url = link(spec.source.file, spec.source.line);
  return {
    spec: spec.name,
    ...(spec.podExecutionRoleArn ? { podExecutionRoleArn: spec.podExecutionRoleArn } : {}),
    subnets: spec.subnets,
    selectors: spec.selectors,
    tags: spec.tags,
    source: { file: spec.source.file, line: spec.source.line, format: spec.source.format },
    ...(url ? { url } : {}),
  };
}

/** The view with what the plan says of it: drift, the operation, its reason and the fields that differ. */
function placed(view: ProfileView, placement: Placement | undefined): ProfileView {
  if (!placement) return view;
  const { reason, fields } = operationView(placement.operation);
  return {
    ...view,
    drift: placement.drift,
    operation: placement.kind,
    driftReason: reason,
    ...(fields.length > 0 ? { changes: fields } : {}),
  };
}

/**
 * Live profiles joined with their specs through the plan: each live profile once (a replacement shows
 * on the profile it replaces), then specs not created yet, then specs the plan could not place
 * (their drift is `unknown`; the diagnostics say why). Sorted by EKS name.
 */
export function profileViews(input: ProfileViewsInput): ProfileView[] {
  const { cluster, live, specs, operations, link } = input;
  const specByName = new Map(specs.map(s => [s.name, s]));
  const placements = operations.flatMap(o => placementOf(o) ?? []);
  const shownSpecs = new Set<string>();
  const views: ProfileView[] = [];
  const base = { cluster: cluster.name, region: cluster.region };

  for (const profile of live) {
    const managed = profile.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
    const placement = placements.find(p => p.live === profile.name);
    const specName = placement ? specOf(placement.operation) : managed ? profile.tags[SPEC_TAG] : undefined;
    // The spec shows on a profile the operation leaves it, not on one it deletes (a leftover, an adopted original).
    const leadsToSpec = !placement || profileAfter(placement.operation) !== undefined;
    const spec = specName !== undefined && leadsToSpec ? specByName.get(specName) : undefined;
    if (spec) shownSpecs.add(spec.name);
    views.push(
      placed(
        {
          ...base,
          name: profile.name,
          managed,
          live: profile,
          ...(spec ? { desired: desiredView(spec, link) } : {}),
          // Without an operation the plan could not judge it (cluster blocked, spec with errors); a
          // profile that is not ours stays unmanaged either way.
          drift: managed || spec ? 'unknown' : 'unmanaged',
        },
        placement,
      ),
    );
  }

  for (const placement of placements) {
    const o = placement.operation;
    if (o.op !== 'create') continue;
    const spec = specByName.get(o.spec);
    if (spec) shownSpecs.add(spec.name);
    views.push(
      placed(
        {
          ...base,
          name: o.profile,
          managed: false,
          ...(spec ? { desired: desiredView(spec, link) } : {}),
          drift: 'missing',
        },
        placement,
      ),
    );
  }

  for (const spec of specs) {
    if (shownSpecs.has(spec.name)) continue;
    views.push({
      ...base,
      name: spec.profileName ?? spec.name,
      managed: false,
      desired: desiredView(spec, link),
      drift: 'unknown',
    });
  }

  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
