import { AccountReader } from '../account/AccountReader';
import {
  managedSpecOf,
  PROTECTED_TAG,
  PROTECTED_VALUE,
  type Account,
  type ClusterRef,
  type LiveProfile,
} from '../account/types';
import { roleNameFromArn } from '../account/trust';
import { errorText } from '../errorText';
import { byString } from '../order';
import { defaultRoleName } from '../plan/defaultRole';
import { isReservedTag } from '../plan/diff';
import { serving } from '../plan/liveState';
import { ownershipOf } from '../plan/ownership';
import { specNameFor } from '../spec/formats/format';
import { reservedTagPrefix, specNameMaxLength } from '../spec/limits';
import { nativeSpecsFile, type NativeSpec } from './nativeSpecsFile';

/** Which live profiles an import writes specs for. */
export type ImportScope =
  /** Those no specs source manages (made in the console, by eksctl, CloudFormation, Terraform, ...). */
  | 'unmanaged'
  /** Those too that this source manages, or that no source claimed yet (lost specs written again). */
  | 'all';

/** What to import, for which source, and the schema the file names. */
export interface ImportOptions {
  /** The cluster whose live profiles are read. */
  cluster: ClusterRef;
  /** The specs source the files go to (as plan names it); profiles another source manages are never imported. */
  source?: string;
  /** Default `unmanaged`. */
  scope?: ImportScope;
  /** What the first line's `yaml-language-server` comment names as the schema. */
  schema: string;
}

/** A live profile an import wrote a spec for. */
export interface ImportedProfile {
  /** The EKS name (the spec's `adopt`). */
  profile: string;
  /** The spec's `metadata.name`. */
  spec: string;
  /** Whose it was: made outside fargatekeeper, this source's, or managed without a source yet. */
  ownership: 'unmanaged' | 'mine' | 'unclaimed';
}

/** Why a live profile got no spec. */
export type PassedOverReason =
  /** Managed by this source (or no source yet) as `spec`, and the scope is `unmanaged`. */
  | { code: 'managed'; spec: string }
  /** Managed by another specs source: never imported. */
  | { code: 'other-source'; source: string }
  /** Being deleted, or failed: it serves no pods. */
  | { code: 'not-serving'; status: LiveProfile['status'] };

/** A live profile that got no spec, and why. */
export interface PassedOver {
  profile: string;
  reason: PassedOverReason;
}

/** The specs file of a cluster, or why there is none. */
export type ImportResult =
  /** `content` is the specs file, one document per imported profile; undefined when none was. */
  | { status: 'imported'; cluster: ClusterRef; profiles: ImportedProfile[]; passedOver: PassedOver[]; content?: string }
  | { status: 'cluster-not-found'; cluster: ClusterRef }
  | { status: 'read-failed'; cluster: ClusterRef; error: string };

/**
 * Native specs of a cluster's live profiles, so that the plan right after adopts each of them in
 * place (tags only) and changes nothing else: every field as it is live, the EKS name kept through
 * `adopt`, the user's tags kept (fargatekeeper's and AWS's own left out). A spec's name comes from its
 * profile's (lowercase, `-`), made unique in the cluster; a managed profile keeps its spec's name, its
 * default role (named by the spec, not written) and its deletion protection. Only serving profiles are
 * imported (one being deleted or that failed is passed over), never one another source manages.
 */
export async function importProfiles(account: Account | AccountReader, options: ImportOptions): Promise<ImportResult> {
  const reader = account instanceof AccountReader ? account : new AccountReader(account);
  const { cluster } = options;
  let live: LiveProfile[];
  try {
    if (!(await reader.describeCluster(cluster))) return { status: 'cluster-not-found', cluster };
    live = (await reader.listLiveProfiles(cluster)).sort((a, b) => byString(a.name, b.name));
  } catch (error) {
    return { status: 'read-failed', cluster, error: errorText(error) };
  }

  const scope = options.scope ?? 'unmanaged';
  const profiles: ImportedProfile[] = [];
  const passedOver: PassedOver[] = [];
  const chosen: { profile: LiveProfile; ownership: ImportedProfile['ownership'] }[] = [];
  for (const profile of live) {
    const ownership = ownershipOf(profile.tags, options.source);
    const spec = managedSpecOf(profile.tags);
    if (ownership.kind === 'other')
      passedOver.push({ profile: profile.name, reason: { code: 'other-source', source: ownership.source } });
    else if (ownership.kind !== 'unmanaged' && scope === 'unmanaged')
      passedOver.push({ profile: profile.name, reason: { code: 'managed', spec: spec! } });
    else if (!serving(profile.status))
      passedOver.push({ profile: profile.name, reason: { code: 'not-serving', status: profile.status } });
    else chosen.push({ profile, ownership: ownership.kind });
  }

  // Spec names of the cluster's managed profiles are taken (their specs are elsewhere); a managed profile imported keeps its own.
  const taken = new Set(live.flatMap(p => managedSpecOf(p.tags) ?? []));
  const specs: NativeSpec[] = chosen.map(({ profile, ownership }) => {
    const managed = managedSpecOf(profile.tags);
    const name = managed && ownership !== 'unmanaged' ? managed : uniqueName(specNameFor(profile.name), taken);
    taken.add(name);
    profiles.push({ profile: profile.name, spec: name, ownership });
    return specOf(profile, name, cluster);
  });
  return {
    status: 'imported',
    cluster,
    profiles,
    passedOver,
    ...(specs.length > 0 ? { content: nativeSpecsFile(specs, { schema: options.schema, cluster }) } : {}),
  };
}

function specOf(profile: LiveProfile, name: string, cluster: ClusterRef): NativeSpec {
  const managed = managedSpecOf(profile.tags) === name;
  // A managed profile on the default role of its spec keeps it by naming no role.
  const onDefaultRole =
    managed && roleNameFromArn(profile.podExecutionRoleArn) === defaultRoleName(cluster.region, cluster.name, name);
  return {
    name,
    cluster: cluster.name,
    region: cluster.region,
    adopt: profile.name,
    ...(onDefaultRole ? {} : { podExecutionRoleArn: profile.podExecutionRoleArn }),
    subnets: [...profile.subnets].sort(byString),
    selectors: profile.selectors.map(s => ({ namespace: s.namespace, labels: { ...s.labels } })),
    tags: Object.fromEntries(
      Object.entries(profile.tags).filter(([key]) => !key.startsWith(reservedTagPrefix) && !isReservedTag(key)),
    ),
    ...(managed && profile.tags[PROTECTED_TAG] === PROTECTED_VALUE ? { deletionProtection: true as const } : {}),
    origin: managed ? 'managed' : 'unmanaged',
  };
}

/** `name`, or `name-2`, `name-3`, ... (shortened to stay a spec name) when it is taken. */
function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${name.slice(0, specNameMaxLength - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}
