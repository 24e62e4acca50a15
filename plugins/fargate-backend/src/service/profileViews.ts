import {
  MANAGED_BY_TAG,
  MANAGED_BY_VALUE,
  SPEC_TAG,
  type Change,
  type ChangeKind,
  type ClusterRef,
  type LiveProfile,
  type ProfileSpec,
} from '@fargatekeeper/core';
import type { DesiredProfileView, DriftState, ProfileView } from '@fargatekeeper/backstage-plugin-fargate-common';

const DRIFT: Record<ChangeKind, DriftState> = {
  noop: 'in-sync',
  retag: 'drifted',
  replace: 'drifted',
  adopt: 'drifted',
  create: 'missing',
  delete: 'orphaned',
  unmanaged: 'unmanaged',
};

export interface ProfileViewsInput {
  cluster: ClusterRef;
  live: LiveProfile[];
  /** The cluster's specs that parsed. */
  specs: ProfileSpec[];
  /** The plan's changes for the cluster (none when it could not be planned). */
  changes: Change[];
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

/**
 * Live profiles joined with their specs through the plan: each live profile once (a replacement shows
 * on the profile it replaces), then specs not created yet, then specs the plan could not place
 * (their drift is `unknown`; the diagnostics say why). Sorted by EKS name.
 */
export function profileViews(input: ProfileViewsInput): ProfileView[] {
  const { cluster, live, specs, changes, link } = input;
  const specByName = new Map(specs.map(s => [s.name, s]));
  const shownSpecs = new Set<string>();
  const views: ProfileView[] = [];
  const base = { cluster: cluster.name, region: cluster.region };

  const withChange = (view: ProfileView, change: Change | undefined): ProfileView => {
    if (!change) return view;
    return {
      ...view,
      drift: DRIFT[change.kind],
      driftReason: change.reason,
      ...(change.fields.length > 0 ? { changes: change.fields } : {}),
    };
  };

  for (const profile of live) {
    const managed = profile.tags[MANAGED_BY_TAG] === MANAGED_BY_VALUE;
    const change =
      changes.find(c => c.profileName === profile.name && c.kind !== 'create') ?? changes.find(c => c.replaces === profile.name);
    const specName = change?.spec ?? (managed ? profile.tags[SPEC_TAG] : undefined);
    const spec = specName !== undefined && change?.kind !== 'delete' ? specByName.get(specName) : undefined;
    if (spec) shownSpecs.add(spec.name);
    views.push(
      withChange(
        {
          ...base,
          name: profile.name,
          managed,
          live: profile,
          ...(spec ? { desired: desiredView(spec, link) } : {}),
          // Without a change the plan could not judge it (cluster blocked, spec with errors); a profile
          // that is not ours stays unmanaged either way.
          drift: managed || spec ? 'unknown' : 'unmanaged',
        },
        change,
      ),
    );
  }

  for (const change of changes) {
    if (change.kind !== 'create' || !change.spec) continue;
    const spec = specByName.get(change.spec);
    if (spec) shownSpecs.add(spec.name);
    views.push(
      withChange(
        { ...base, name: change.profileName, managed: false, ...(spec ? { desired: desiredView(spec, link) } : {}), drift: 'missing' },
        change,
      ),
    );
  }

  for (const spec of specs) {
    if (shownSpecs.has(spec.name)) continue;
    views.push({ ...base, name: spec.profileName ?? spec.name, managed: false, desired: desiredView(spec, link), drift: 'unknown' });
  }

  return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
