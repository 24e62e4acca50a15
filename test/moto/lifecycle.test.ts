/*
 * Plan and apply through the real SDK path: core's AwsAccount talks to moto (the AWS emulator) over
 * 127.0.0.1, found through AWS_ENDPOINT_URL as a user's run would. One story on one cluster, each step
 * building on the last: create, replace, retag, delete with the default role, adopt; an unmanaged
 * profile is never touched and the final plan is clean.
 */
import type { FargateProfile } from '@aws-sdk/client-eks';
import { ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { HASH_TAG, MANAGED_BY_TAG, SPEC_TAG } from '@fargatekeeper/core';
import {
  FARGATE_POLICY_ARN,
  POD_ROLE_ARN,
  SUBNETS,
  clusterState,
  file,
  handmade,
  nativeSpec,
  networkState,
} from './support/fixtures';
import { REGION, describeWithMoto } from './support/moto';
import { changes, liveProfiles, parseSpecs, planAndApply, planOf, rolesUnder } from './support/run';
import { useMoto } from './support/useMoto';

const CLUSTER = 'prod-eu';

type Specs = Record<string, Parameters<typeof nativeSpec>[2]>;

/** examples/specs/native-like specs; each step of the story changes one and keeps the change. */
const specs: Specs = {
  api: { role: POD_ROLE_ARN, selectors: ['payments'], tags: { team: 'payments', 'cost-center': '4711' } },
  jobs: {
    role: POD_ROLE_ARN,
    subnets: [SUBNETS.a, SUBNETS.b],
    selectors: ['payments-jobs'],
    tags: { team: 'payments' },
  },
  observability: { selectors: ['monitoring-*'], tags: { team: 'platform' } },
  checkout: { role: POD_ROLE_ARN, selectors: ['checkout'], tags: { team: 'checkout', tier: 'web' } },
};

describeWithMoto('plan and apply against moto', () => {
  const moto = useMoto(() =>
    networkState([
      clusterState(CLUSTER, [
        handmade('handmade-legacy', 'legacy'),
        handmade('other-team', 'other', [SUBNETS.b]),
        handmade('ops-debug', 'debug'),
      ]),
    ]),
  );

  const files = (s: Specs) => ({
    'fargate/prod-eu.yaml': file(...Object.entries(s).map(([name, o]) => nativeSpec(name, CLUSTER, o))),
  });
  const run = (s: Specs) => planAndApply(moto.account, parseSpecs(moto.world, files(s)), [CLUSTER]);
  const profileOf = (profiles: FargateProfile[], spec: string) => profiles.filter(p => p.tags?.[SPEC_TAG] === spec);

  /** The profile nobody adopts, as it was before the first run. */
  let opsDebug: FargateProfile;

  it('creates every spec, the default role with its trust and policy, and then plans nothing', async () => {
    opsDebug = (await liveProfiles(moto.world, CLUSTER)).find(p => p.fargateProfileName === 'ops-debug')!;
    const { plan, result } = await run(specs);
    expect(changes(plan)).toEqual([
      'create prod-eu/api',
      'create prod-eu/checkout',
      'create prod-eu/jobs',
      'create prod-eu/observability',
    ]);
    expect(result.summary).toEqual({ succeeded: 4, failed: 0, skipped: 0 });

    const live = await liveProfiles(moto.world, CLUSTER);
    expect(live.map(p => [p.tags?.[SPEC_TAG] ?? p.fargateProfileName, p.status])).toEqual(
      expect.arrayContaining([
        ['api', 'ACTIVE'],
        ['checkout', 'ACTIVE'],
        ['jobs', 'ACTIVE'],
        ['observability', 'ACTIVE'],
      ]),
    );
    expect(live).toHaveLength(7);
    const observability = profileOf(live, 'observability')[0]!;
    expect(observability.fargateProfileName).toMatch(/^observability-[0-9a-f]{8}$/);
    expect(observability.tags).toEqual(
      expect.objectContaining({
        [MANAGED_BY_TAG]: 'fargatekeeper',
        team: 'platform',
        [HASH_TAG]: expect.stringMatching(/^[0-9a-f]{16}$/),
      }),
    );
    expect(observability.subnets?.sort()).toEqual([moto.world.id(SUBNETS.a), moto.world.id(SUBNETS.b)].sort());

    // The default role: under /fargatekeeper/, trusting Fargate pods of this cluster only, the policy attached.
    const roles = await rolesUnder(moto.world, '/fargatekeeper/');
    expect(roles.map(r => r.arn)).toEqual([observability.podExecutionRoleArn]);
    expect(roles[0]!.tags[MANAGED_BY_TAG]).toBe('fargatekeeper');
    expect(JSON.parse(roles[0]!.trust)).toEqual(
      expect.objectContaining({
        Statement: [
          expect.objectContaining({
            Principal: { Service: 'eks-fargate-pods.amazonaws.com' },
            Condition: {
              ArnLike: { 'aws:SourceArn': `arn:aws:eks:${REGION}:123456789012:fargateprofile/${CLUSTER}/*` },
            },
          }),
        ],
      }),
    );
    const { AttachedPolicies } = await moto.world.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: roles[0]!.name }),
    );
    expect(AttachedPolicies?.map(p => p.PolicyArn)).toEqual([FARGATE_POLICY_ARN]);

    const again = await planOf(moto.account, parseSpecs(moto.world, files(specs)), [CLUSTER]);
    expect({ changes: changes(again), hasChanges: again.hasChanges }).toEqual({ changes: [], hasChanges: false });
    expect(again.summary['no-op']).toBe(4);
  });

  it('replaces a profile whose selectors changed: the new one first, then the old one goes', async () => {
    const before = profileOf(await liveProfiles(moto.world, CLUSTER), 'jobs');
    const { plan, result } = await run({
      ...specs,
      jobs: { ...specs.jobs, selectors: ['payments-jobs', 'payments-cron'] },
    });
    expect(changes(plan)).toEqual(['replace prod-eu/jobs']);
    const replace = plan.clusters[0]!.operations.find(o => o.op === 'replace')!;
    expect(replace.op === 'replace' && replace.order).toEqual({ kind: 'create-before-delete' });
    expect(result.outcomes.map(o => [o.status, o.steps.map(s => s.step)])).toEqual([
      ['succeeded', ['create-profile', 'wait-active', 'delete-profile', 'wait-deleted']],
    ]);

    const after = profileOf(await liveProfiles(moto.world, CLUSTER), 'jobs');
    expect(after).toHaveLength(1);
    expect(after[0]!.fargateProfileName).not.toBe(before[0]!.fargateProfileName);
    expect(after[0]!.selectors?.map(s => s.namespace).sort()).toEqual(['payments-cron', 'payments-jobs']);
    specs.jobs.selectors = ['payments-jobs', 'payments-cron'];
  });

  it('changes tags in place: TagResource and UntagResource on the same profile', async () => {
    const [before] = profileOf(await liveProfiles(moto.world, CLUSTER), 'checkout');
    const { plan, result } = await run({ ...specs, checkout: { ...specs.checkout, tags: { team: 'shop' } } });
    expect(changes(plan)).toEqual(['retag prod-eu/checkout']);
    const retag = plan.clusters[0]!.operations.find(o => o.op === 'retag')!;
    expect(retag.op === 'retag' && retag.tags.remove).toEqual(['tier']);
    expect(result.summary.succeeded).toBe(1);

    const [after] = profileOf(await liveProfiles(moto.world, CLUSTER), 'checkout');
    expect(after!.fargateProfileArn).toBe(before!.fargateProfileArn);
    expect(after!.tags).toEqual(expect.objectContaining({ team: 'shop', [MANAGED_BY_TAG]: 'fargatekeeper' }));
    expect(after!.tags).not.toHaveProperty('tier');
    expect(after!.tags![HASH_TAG]).not.toBe(before!.tags![HASH_TAG]);
    specs.checkout.tags = { team: 'shop' };
  });

  it('deletes the profile of a removed spec and the default role made for it', async () => {
    const { observability: _removed, ...rest } = specs;
    const { plan, result } = await run(rest);
    expect(changes(plan)).toEqual(['delete-profile prod-eu/observability']);
    expect(result.outcomes[0]!.steps.map(s => s.step)).toEqual(['delete-profile', 'wait-deleted', 'delete-role']);
    expect(profileOf(await liveProfiles(moto.world, CLUSTER), 'observability')).toEqual([]);
    expect(await rolesUnder(moto.world, '/fargatekeeper/')).toEqual([]);
  });

  it('adopts unmanaged profiles: in place when the fields agree, by replacement when they do not', async () => {
    const { observability: _removed, ...rest } = specs;
    const [legacyBefore] = (await liveProfiles(moto.world, CLUSTER)).filter(
      p => p.fargateProfileName === 'handmade-legacy',
    );
    const adopted: Specs = {
      ...rest,
      legacy: { role: POD_ROLE_ARN, subnets: [SUBNETS.a], selectors: ['legacy'], adopt: 'handmade-legacy' },
      other: { role: POD_ROLE_ARN, subnets: [SUBNETS.a, SUBNETS.b], selectors: ['other'], adopt: 'other-team' },
    };
    const { plan, result } = await run(adopted);
    expect(changes(plan)).toEqual(['adopt-by-replace prod-eu/other', 'adopt-in-place prod-eu/legacy']);
    expect(result.summary).toEqual({ succeeded: 2, failed: 0, skipped: 0 });

    const live = await liveProfiles(moto.world, CLUSTER);
    const [legacy] = profileOf(live, 'legacy');
    expect(legacy!.fargateProfileArn).toBe(legacyBefore!.fargateProfileArn);
    expect(legacy!.tags).toEqual(expect.objectContaining({ [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'legacy' }));
    const [other] = profileOf(live, 'other');
    expect(other!.fargateProfileName).toMatch(/^other-[0-9a-f]{8}$/);
    expect(live.some(p => p.fargateProfileName === 'other-team')).toBe(false);

    const final = await planOf(moto.account, parseSpecs(moto.world, files(adopted)), [CLUSTER]);
    expect({ changes: changes(final), hasChanges: final.hasChanges }).toEqual({ changes: [], hasChanges: false });
    expect(final.summary['no-op']).toBe(5);
    // The profile no spec adopts went through every run untouched.
    expect(final.summary.unmanaged).toBe(1);
    const untouched = live.find(p => p.fargateProfileName === 'ops-debug');
    expect(untouched && { arn: untouched.fargateProfileArn, tags: untouched.tags }).toEqual({
      arn: opsDebug.fargateProfileArn,
      tags: { owner: 'ops' },
    });
  });
});
