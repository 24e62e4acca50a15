import type { JoinSuggestion } from '../diagnostics';
import { managedSpecOf, type LiveProfile } from '../account/types';
import { documentPathOf } from '../spec/formats';
import { eksLimits } from '../spec/limits';
import { selectorsYaml } from '../spec/selectorsYaml';
import type { ProfileSpec } from '../spec/types';
import { byString } from '../order';

/** Suggestions a quota finding carries at most (the first by spec name). */
const MAX_SUGGESTIONS = 3;

/**
 * Existing managed profiles a new spec's selectors could join instead of taking a profile of their
 * own: the profile's spec is in this run and not protected, the profile is ACTIVE, and it has the
 * new spec's pod execution role (the same ARN, or both fargatekeeper's default role, whose
 * permissions are the same) and the same subnets, and room for its selectors (EKS: at most 5).
 */
export function joinSuggestions(
  newSpec: ProfileSpec,
  specs: readonly ProfileSpec[],
  live: readonly LiveProfile[],
): JoinSuggestion[] {
  if (newSpec.subnets.length === 0) return [];
  const bySpec = new Map(specs.map(s => [s.name, s]));
  const sameSet = (a: readonly string[], b: readonly string[]) =>
    a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  const out: JoinSuggestion[] = [];
  for (const profile of [...live].sort((a, b) => byString(a.name, b.name))) {
    const owner = bySpec.get(managedSpecOf(profile.tags) ?? '');
    if (!owner || owner === newSpec || owner.deletionProtection || profile.status !== 'ACTIVE') continue;
    const role =
      newSpec.podExecutionRoleArn === undefined
        ? owner.podExecutionRoleArn === undefined
        : newSpec.podExecutionRoleArn === profile.podExecutionRoleArn;
    if (!role || !sameSet(newSpec.subnets, profile.subnets)) continue;
    if (owner.selectors.length + newSpec.selectors.length > eksLimits.selectorsPerProfile) continue;
    const selectors = [...owner.selectors, ...newSpec.selectors];
    const path = documentPathOf('selectors', owner.source.format) ?? 'spec.selectors';
    out.push({
      kind: 'join-profile',
      newSpec: newSpec.name,
      spec: owner.name,
      profile: profile.name,
      added: newSpec.selectors,
      selectors,
      file: owner.source.file,
      document: owner.source.document,
      path,
      editedSpec: `# ${owner.source.file}, spec ${owner.name}: ${path}\n${selectorsYaml(path.split('.').pop()!, selectors)}\n`,
    });
    if (out.length === MAX_SUGGESTIONS) break;
  }
  return out;
}

/**
 * "add its selector to spec `payments` (profile `payments-1a2b3c4d`) and drop spec `search`: …". The
 * cluster is at its quota even without the new spec, so the joined profile's replacement cannot create
 * the new profile beside the old one: the old goes first.
 */
export function joinHint(s: JoinSuggestion): string {
  const what = s.added.length === 1 ? 'its selector' : `its ${s.added.length} selectors`;
  return (
    `add ${what} to spec \`${s.spec}\` (profile \`${s.profile}\`) and drop spec \`${s.newSpec}\`: that profile is then replaced, ` +
    'the old one first (no spare profile slot), so its pods wait for the new one'
  );
}
