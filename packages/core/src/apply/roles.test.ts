import { CLUSTER_TAG, DEFAULT_ROLE_PATH, defaultRoleName } from '../plan/defaultRole';
import { subjectOf } from '../plan/operations';
import { FARGATE_POD_EXECUTION_POLICY_ARN, MANAGED_BY_TAG, SPEC_TAG } from '../account/types';
import { instrument } from './__fixtures__/instrument';
import { renderApplyResult } from '../render';
import { planAndApply, profilesOf, REGION, simState, spec, world, type World } from './__fixtures__/world';

const ROLE = defaultRoleName(REGION, 'alpha', 'web');
const roleNames = (w: World) =>
  w.sim
    .toJSON()
    .roles.map(r => r.name)
    .sort();
const webProfiles = (w: World) => profilesOf(w, 'alpha').filter(p => p.tags[SPEC_TAG] === 'web');

/** Replacements that add the default role (explicit → default) and retire it (default → explicit). */
const explicit = () => [spec('web', 'alpha')];
const withDefault = () => [spec('web', 'alpha', { role: 'default' })];

async function deployed(specs: ReturnType<typeof explicit>): Promise<World> {
  const w = world(simState(['alpha']));
  await planAndApply(w, specs);
  w.events.length = 0;
  return w;
}

describe('a default role left behind', () => {
  it('is deleted on its own; a role in the path without our tag is left alone', async () => {
    const state = simState(['alpha']);
    const trust = { Version: '2012-10-17', Statement: [] };
    const ours = { [MANAGED_BY_TAG]: 'fargatekeeper', [SPEC_TAG]: 'web', [CLUSTER_TAG]: 'alpha' };
    state.roles.push(
      {
        name: ROLE,
        path: DEFAULT_ROLE_PATH,
        assumeRolePolicy: trust,
        tags: ours,
        attachedPolicyArns: [FARGATE_POD_EXECUTION_POLICY_ARN],
      },
      {
        name: defaultRoleName(REGION, 'alpha', 'api'),
        path: DEFAULT_ROLE_PATH,
        assumeRolePolicy: trust,
        tags: { [SPEC_TAG]: 'api', [CLUSTER_TAG]: 'alpha' },
        attachedPolicyArns: [],
      },
    );
    const w = world(state);
    const { result } = await planAndApply(w, explicit());
    const roleOnly = result.outcomes.filter(c => subjectOf(c.operation).kind === 'role');
    expect(
      roleOnly.map(c => [c.operation.op, subjectOf(c.operation).name, c.status, c.steps.map(s => s.step)]),
    ).toEqual([['delete-role', ROLE, 'succeeded', ['delete-role']]]);
    expect(roleNames(w)).toEqual([defaultRoleName(REGION, 'alpha', 'api'), 'pods'].sort());
    expect(renderApplyResult(result, { format: 'text' })).toMatch(
      new RegExp(`delete-role +${REGION}/alpha +role ${ROLE} +succeeded`),
    );
    expect(renderApplyResult(result, { format: 'markdown' })).toContain(
      `| delete-role | \`${REGION}/alpha\` | \`role ${ROLE}\` | ✅ succeeded |`,
    );
    const again = await planAndApply(w, explicit());
    expect(again.result.outcomes.filter(c => subjectOf(c.operation).kind === 'role')).toEqual([]);
  });
});

describe('default role across interrupted runs', () => {
  it('moves to the default role: role first, then the profile, then the old profile goes', async () => {
    const w = await deployed(explicit());
    const { result } = await planAndApply(w, withDefault());
    expect(result.outcomes.map(c => [c.operation.op, c.status])).toEqual([['replace', 'succeeded']]);
    expect(result.outcomes[0]!.steps.map(s => s.step)).toEqual([
      'create-role',
      'create-profile',
      'wait-active',
      'delete-profile',
      'wait-deleted',
    ]);
    expect(roleNames(w)).toEqual([ROLE, 'pods'].sort());
  });

  for (const [name, from, to] of [
    ['creating the default role', explicit, withDefault],
    ['retiring the default role', withDefault, explicit],
  ] as const) {
    it(`${name}: a run killed at any call converges on the next run`, async () => {
      const probeRun = await deployed(from());
      const counter = instrument(probeRun);
      await planAndApply(probeRun, to(), { account: counter.account });
      const total = counter.calls;
      for (let k = 1; k <= total; k++) {
        for (const when of ['before', 'after'] as const) {
          const w = await deployed(from());
          const killer = instrument(w, { at: k, when });
          const killed = await planAndApply(w, to(), {
            account: killer.account,
            signal: killer.controller.signal,
          }).then(
            () => `kill ${when} call ${k} of ${total}: not killed`,
            () => 'killed',
          );
          expect(killed).toBe('killed');
          const probe = instrument(w);
          const { result } = await planAndApply(w, to(), { account: probe.account });
          const context = `kill ${when} call ${k}`;
          expect({
            context,
            failed: result.summary.failed,
            violations: [...killer.violations, ...probe.violations],
          }).toEqual({ context, failed: 0, violations: [] });
          expect({ context, web: webProfiles(w).map(p => p.status) }).toEqual({ context, web: ['ACTIVE'] });
          const usesDefault = webProfiles(w)[0]!.podExecutionRoleArn.endsWith(`/${ROLE}`);
          expect({ context, usesDefault }).toEqual({ context, usesDefault: to === withDefault });
          // The rerun waits for a delete EKS accepted just before the kill, then deletes the role it used;
          // a kill once the old profile is gone (before DeleteRole) leaves the role to the rerun's plan,
          // which finds it under the default roles' path and deletes it.
          const roleLeft = roleNames(w).includes(ROLE);
          expect({ context, roleLeft }).toEqual({ context, roleLeft: to === withDefault });
        }
      }
    });
  }
});
