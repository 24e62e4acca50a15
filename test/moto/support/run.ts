import { DescribeFargateProfileCommand, ListFargateProfilesCommand, type FargateProfile } from '@aws-sdk/client-eks';
import { GetRoleCommand, paginateListRoles, type Role } from '@aws-sdk/client-iam';
import {
  apply,
  changesSomething,
  parseSpecFiles,
  specOf,
  subjectOf,
  plan,
  type Account,
  type ApplyEvent,
  type ApplyOptions,
  type ApplyResult,
  type ParseResult,
  type Plan,
} from '@fargatekeeper/core';
import { REGION } from './moto';
import type { MotoWorld } from './world';

/** moto answers at once (profiles are ACTIVE when created, gone when deleted): poll and back off briefly. */
export const quickApply: Partial<ApplyOptions> = {
  pollBackoff: { initialMs: 20, factor: 1.5, capMs: 200 },
  retryBackoff: { initialMs: 20, factor: 2, capMs: 200 },
};

/** Spec files written with the state's ids, parsed as the CLI would after rewriting them to moto's (by `world`). */
export function parseSpecs(
  world: Pick<MotoWorld, 'rewrite'>,
  files: Record<string, string>,
  defaultCluster?: string,
): ParseResult {
  const parsed = parseSpecFiles(
    Object.entries(files).map(([path, content]) => ({ path, content: world.rewrite(content) })),
    { defaultRegion: REGION, ...(defaultCluster ? { defaultCluster } : {}) },
  );
  const errors = parsed.diagnostics.filter(d => d.severity === 'error');
  if (errors.length > 0) throw new Error(`the test's specs do not parse: ${errors.map(d => d.message).join('; ')}`);
  return parsed;
}

export interface Run {
  plan: Plan;
  result: ApplyResult;
  events: ApplyEvent[];
}

/** Plan, then apply with a re-plan, as the CLI and the Action do; every cluster named is inspected. */
export async function planAndApply(
  account: Account,
  parsed: ParseResult,
  clusters: string[],
  options: Partial<ApplyOptions> = {},
): Promise<Run> {
  const settings = { defaultRegion: REGION, clusters: clusters.map(name => ({ region: REGION, name })) };
  const input = { specs: parsed.specs, failed: parsed.failed, diagnostics: parsed.diagnostics };
  const reviewed = await plan(input, account, settings);
  const events: ApplyEvent[] = [];
  const result = await apply(reviewed, account, {
    ...quickApply,
    replan: () => plan(input, account, settings),
    onEvent: e => events.push(e),
    ...options,
  });
  return { plan: reviewed, result, events };
}

export function planOf(account: Account, parsed: ParseResult, clusters: string[]): Promise<Plan> {
  return plan({ specs: parsed.specs, failed: parsed.failed, diagnostics: parsed.diagnostics }, account, {
    defaultRegion: REGION,
    clusters: clusters.map(name => ({ region: REGION, name })),
  });
}

/** What a plan does, one line per operation that changes something: `<op> <cluster>/<spec or profile>`. */
export function changes(p: Plan): string[] {
  return p.clusters
    .flatMap(c => c.operations.map(o => ({ c, o })))
    .filter(({ o }) => changesSomething(o))
    .map(({ c, o }) => `${o.op} ${c.cluster}/${specOf(o) ?? subjectOf(o).name}`)
    .sort();
}

/** The cluster's profiles as moto holds them, read with a plain EKS client (not through fargatekeeper). */
export async function liveProfiles(world: MotoWorld, cluster: string): Promise<FargateProfile[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await world.eks.send(
      new ListFargateProfilesCommand({ clusterName: cluster, ...(nextToken ? { nextToken } : {}) }),
    );
    names.push(...(page.fargateProfileNames ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const profiles = await Promise.all(
    names.map(
      async name =>
        (await world.eks.send(new DescribeFargateProfileCommand({ clusterName: cluster, fargateProfileName: name })))
          .fargateProfile!,
    ),
  );
  return profiles.sort((a, b) => (a.fargateProfileName! < b.fargateProfileName! ? -1 : 1));
}

export interface LiveRole {
  name: string;
  arn: string;
  tags: Record<string, string>;
  trust: string;
}

/** Roles under an IAM path prefix (and whose name starts with `namePrefix`), with their tags and trust policy, read with a plain IAM client. */
export async function rolesUnder(world: MotoWorld, pathPrefix: string, namePrefix = ''): Promise<LiveRole[]> {
  const listed: Role[] = [];
  for await (const page of paginateListRoles({ client: world.iam }, { PathPrefix: pathPrefix }))
    listed.push(...(page.Roles ?? []));
  return Promise.all(
    listed
      .filter(r => r.RoleName!.startsWith(namePrefix))
      .map(async r => {
        const { Role } = await world.iam.send(new GetRoleCommand({ RoleName: r.RoleName! }));
        return {
          name: Role!.RoleName!,
          arn: Role!.Arn!,
          tags: Object.fromEntries((Role!.Tags ?? []).map(t => [t.Key!, t.Value!])),
          trust: decodeURIComponent(Role!.AssumeRolePolicyDocument ?? ''),
        };
      }),
  );
}
