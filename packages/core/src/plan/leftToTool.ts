import type { Diagnostic } from '../diagnostics';
import { managedSpecOf, type LiveProfile } from '../account/types';
import { roleNameFromArn } from '../account/trust';
import { specPosition } from '../spec/positions';
import type { ProfileSpec, ToolRole } from '../spec/types';
import { byString } from './canonical';
import { serving } from './liveState';
import { ownershipOf } from './ownership';

export interface TakenFromLive {
  /** The cluster's specs, those that left fields to their tool with those fields filled in. */
  specs: ProfileSpec[];
  diagnostics: Diagnostic[];
}

/**
 * Specs of migration documents that leave the subnets or the role to the tool that made the profile
 * (`leftToTool`) take them from that profile as it is live: the spec's own, once it manages one, else
 * the profile it adopts. The subnets are taken as they are; the role only when it is the one the tool
 * makes (by its name), otherwise the spec gets fargatekeeper's default role and the plan replaces the
 * adopted profile, saying why (the replacement is then the spec's own, on that role). With no profile
 * to take them from, subnets cannot be known: the spec is not planned. Without live profiles (the
 * cluster could not be read) the specs stay as they are.
 */
export function takeLeftToTool(
  specs: readonly ProfileSpec[],
  live: readonly LiveProfile[] | undefined,
  source: string | undefined,
): TakenFromLive {
  const diagnostics: Diagnostic[] = [];
  const taken = specs.map(spec => {
    const left = spec.leftToTool;
    if (!left || !live) return spec;
    const own = ownProfile(spec, live, source);
    const from = own ?? adoptable(spec, live);
    const about = { cluster: spec.cluster, profile: spec.name, source: specPosition(spec) };
    if (!from) {
      if (left.subnets) {
        diagnostics.push({
          severity: 'error',
          code: 'plan.left-to-tool',
          ...about,
          message: `Spec \`${spec.name}\` names no subnets (its ${toolOf(spec)} document leaves them to EKS), and there is no live profile${spec.adopt ? ` \`${spec.adopt}\`` : ''} to take them from; it is not planned.`,
          hint: 'list the subnets in the document: a new profile gets the subnets a reviewed spec names',
        });
      }
      return spec;
    }
    const role = left.role && recognised(from.podExecutionRoleArn, left.role) ? from.podExecutionRoleArn : undefined;
    // Once the spec's own profile is there, it is what the tool left, or fargatekeeper's replacement of it.
    if (!own) {
      const what = [
        left.subnets ? 'the subnets EKS picked' : undefined,
        role ? `the role ${left.role!.tool} made` : undefined,
      ].filter(Boolean);
      if (what.length > 0) {
        diagnostics.push({
          severity: 'info',
          code: 'plan.from-live',
          ...about,
          message: `Spec \`${spec.name}\` takes ${what.join(' and ')} from the live profile \`${from.name}\` (its ${toolOf(spec)} document does not name them).`,
        });
      }
      if (left.role && !role) diagnostics.push(roleNotRecognised(spec, from, left.role, about));
    }
    return {
      ...spec,
      ...(left.subnets ? { subnets: [...from.subnets] } : {}),
      ...(role ? { podExecutionRoleArn: role } : {}),
    };
  });
  return { specs: taken, diagnostics };
}

/** The spec's own serving profile in this source (ACTIVE first). */
function ownProfile(
  spec: ProfileSpec,
  live: readonly LiveProfile[],
  source: string | undefined,
): LiveProfile | undefined {
  return live
    .filter(
      p => managedSpecOf(p.tags) === spec.name && serving(p.status) && ownershipOf(p.tags, source).kind !== 'other',
    )
    .sort((a, b) => Number(b.status === 'ACTIVE') - Number(a.status === 'ACTIVE') || byString(a.name, b.name))[0];
}

/** The unmanaged profile the spec adopts, when it serves pods. */
const adoptable = (spec: ProfileSpec, live: readonly LiveProfile[]): LiveProfile | undefined =>
  live.find(p => p.name === spec.adopt && !managedSpecOf(p.tags) && serving(p.status));

function recognised(arn: string, role: ToolRole): boolean {
  const name = roleNameFromArn(arn);
  if (name === undefined) return false;
  return 'name' in role ? name === role.name : new RegExp(role.pattern).test(name);
}

function roleNotRecognised(
  spec: ProfileSpec,
  from: LiveProfile,
  role: ToolRole,
  about: Pick<Diagnostic, 'cluster' | 'profile' | 'source'>,
): Diagnostic {
  const expected = 'name' in role ? `\`${role.name}\`` : `a name matching \`${role.pattern}\``;
  return {
    severity: 'warning',
    code: 'plan.tool-role-not-recognised',
    ...about,
    message: `Profile \`${from.name}\` runs with \`${from.podExecutionRoleArn}\`, not with the role ${role.tool} makes (${expected}); spec \`${spec.name}\` names no role, so it gets fargatekeeper's default role.`,
    hint: `write the role in the document to keep it: \`${from.podExecutionRoleArn}\``,
  };
}

const TOOLS: Partial<Record<ProfileSpec['source']['format'], string>> = {
  eksctl: 'eksctl',
  'instance-manager': 'instance-manager',
  cloudformation: 'CloudFormation',
  terraform: 'Terraform',
};

const toolOf = (spec: ProfileSpec): string => TOOLS[spec.source.format] ?? spec.source.format;
