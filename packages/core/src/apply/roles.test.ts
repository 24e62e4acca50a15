import { defaultRoleName } from '../plan/defaultRole';
import { SPEC_TAG } from '../account/types';
import { instrument } from './__fixtures__/instrument';
import { planAndApply, profilesOf, REGION, simState, spec, world, type World } from './__fixtures__/world';

const ROLE = defaultRoleName(REGION, 'alpha', 'web');
const roleNames = (w: World) => w.sim.toJSON().roles.map(r => r.name).sort();
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

describe('default role across interrupted runs', () => {
  it('moves to the default role: role first, then the profile, then the old profile goes', async () => {
    const w = await deployed(explicit());
    const { result } = await planAndApply(w, withDefault());
    expect(result.changes.map(c => [c.kind, c.status])).toEqual([['replace', 'succeeded']]);
    expect(result.changes[0]!.steps.map(s => s.step)).toEqual(['create-role', 'create-profile', 'wait-active', 'delete-profile', 'wait-deleted']);
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
      // Call numbers in a full run of the poll that finds the old profile gone and of the role's DeleteRole.
      const deleteRoleCall = counter.log.lastIndexOf('deleteRole') + 1;
      const goneCall = counter.log.lastIndexOf('describeFargateProfile', deleteRoleCall - 1) + 1;
      const leftovers: { k: number; when: string }[] = [];
      for (let k = 1; k <= total; k++) {
        for (const when of ['before', 'after'] as const) {
          const w = await deployed(from());
          const killer = instrument(w, { at: k, when });
          const killed = await planAndApply(w, to(), { account: killer.account, signal: killer.controller.signal }).then(() => `kill ${when} call ${k} of ${total}: not killed`, () => "killed");
          expect(killed).toBe("killed");
          const probe = instrument(w);
          const { result } = await planAndApply(w, to(), { account: probe.account });
          const context = `kill ${when} call ${k}`;
          expect({ context, failed: result.summary.failed, violations: [...killer.violations, ...probe.violations] }).toEqual({ context, failed: 0, violations: [] });
          expect({ context, web: webProfiles(w).map(p => p.status) }).toEqual({ context, web: ['ACTIVE'] });
          const usesDefault = webProfiles(w)[0]!.podExecutionRoleArn.endsWith(`/${ROLE}`);
          expect({ context, usesDefault }).toEqual({ context, usesDefault: to === withDefault });
          // The rerun waits for a delete EKS accepted just before the kill, then deletes the role it used.
          const roleLeft = roleNames(w).includes(ROLE);
          if (to === withDefault || !roleLeft) expect({ context, roleLeft }).toEqual({ context, roleLeft: to === withDefault });
          else leftovers.push({ k, when });
        }
      }
      // Known gap: a kill once the old profile is gone (from the poll that finds it gone to DeleteRole)
      // leaves the role behind, as no later plan sees a profile that leads to it (the account port
      // does not list IAM roles). A kill while it is DELETING no longer does: the rerun waits for the
      // delete and then deletes the role. Only kills in that last window may leave it.
      if (to === explicit) {
        expect(goneCall).toBeGreaterThan(counter.log.lastIndexOf('deleteFargateProfile') + 1);
        for (const { k, when } of leftovers) {
          const inStep = k >= goneCall && (when === 'before' ? k <= deleteRoleCall : k < deleteRoleCall);
          expect({ k, when, inStep }).toEqual({ k, when, inStep: true });
        }
      }
    });
  }
});
