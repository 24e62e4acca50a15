import { SimulatedAccount, VirtualClock } from '../account';
import { ROLE_ARN, simState } from '../account/sim/__fixtures__/simState';
import type { Diagnostic } from '../diagnostics';
import { plan } from '../plan/plan';
import { profileAfter } from '../plan/operations';
import { profileNameFor } from '../plan/naming';
import { parseSpecFiles } from '../spec';
import { validateStatic } from '../validate/static';
import { explainPod } from './explain';
import type { Pod } from './selector';

// Four profiles on staging that one pod (`preview-search`, `app=search`) matches, with wildcards in
// namespaces, label keys and label values; the one not managed here sorts last, so validate (which
// sees only the specs) and plan (which sees the cluster) must agree with explain on every winner.
const files = [
  {
    path: 'fargate/staging.yaml',
    content: `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata: { name: previews }
spec:
  cluster: staging
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-a]
  selectors:
    - namespace: preview-*
---
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata: { name: apps-wild }
spec:
  cluster: staging
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-a]
  selectors:
    - namespace: preview-?earch
      labels: { app: "s*" }
---
apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata: { name: search-preview }
spec:
  cluster: staging
  podExecutionRoleArn: ${ROLE_ARN}
  subnets: [subnet-a]
  selectors:
    - namespace: preview-search
      labels: { app: search }
`,
  },
];

const pods: Pod[] = [
  { namespace: 'preview-search', labels: { app: 'search' } },
  { namespace: 'preview-search', labels: {} },
  { namespace: 'preview-learch', labels: { app: 'search' } },
  { namespace: 'preview-xearch', labels: { app: 'sql' } },
];

const picks = (ds: readonly Diagnostic[], profile: string) =>
  ds
    .filter(d => d.code === 'overlap.selectors' && d.profile === profile)
    .map(d => /EKS picks `([^`]+)`/.exec(d.message)![1]);

describe('validate, plan and explain name the same winner', () => {
  const { specs } = parseSpecFiles(files);
  const name = (spec: string) => profileNameFor(specs.find(s => s.name === spec)!);

  it('over three overlapping profiles and one not managed here (wildcards in namespaces, label keys and values)', async () => {
    const sim = SimulatedAccount.fromJSON(
      (() => {
        const state = simState();
        state.clusters[1]!.profiles.push({
          name: 'zz-search-all',
          status: 'ACTIVE',
          podExecutionRoleArn: ROLE_ARN,
          subnets: ['subnet-a'],
          selectors: [{ namespace: '*-search', labels: { 'ap*': '*' } }],
          tags: {},
          createdAt: '2025-06-01T00:00:00.000Z',
        });
        return state;
      })(),
      { clock: new VirtualClock() },
    );
    const planned = await plan({ specs }, sim, { defaultRegion: 'eu-west-1' });
    const validated = validateStatic(specs);
    // The cluster as the plan leaves it, as `explain --desired` reads it.
    const cluster = planned.clusters.find(c => c.cluster === 'staging')!;
    const desired = cluster.operations.flatMap(o => {
      const state = o.op === 'unmanaged' ? o.before : profileAfter(o);
      return state ? [{ name: state.name, selectors: state.selectors }] : [];
    });
    expect(desired.map(p => p.name).sort()).toEqual(
      [name('apps-wild'), name('previews'), name('search-preview'), 'zz-search-all'].sort(),
    );

    const winners = pods.map(pod => explainPod(desired, pod).profile);
    expect(winners).toEqual([name('apps-wild'), name('previews'), name('apps-wild'), name('apps-wild')]);

    // search-preview loses every pod it selects to apps-wild: validate and plan say so, and name the others.
    for (const diagnostics of [validated, planned.diagnostics]) {
      expect(new Set(picks(diagnostics, 'search-preview'))).toEqual(new Set([name('apps-wild')]));
      expect(new Set(picks(diagnostics, 'previews'))).toEqual(new Set([name('apps-wild')]));
      const never = diagnostics.filter(d => d.code === 'overlap.never-wins');
      expect(never.map(d => [d.profile, d.message])).toEqual([
        [
          'search-preview',
          `profile \`${name('search-preview')}\` can never take a pod: every pod its selectors match also matches \`${name('apps-wild')}\`, which sorts first`,
        ],
      ]);
    }
    const atSearch = planned.diagnostics.find(d => d.code === 'overlap.selectors' && d.profile === 'search-preview')!;
    expect(atSearch.message).toBe(
      `pods in \`preview-search\` with \`app=search\` match \`${name('apps-wild')}\`, \`${name('previews')}\`, \`${name('search-preview')}\` and \`zz-search-all\`; EKS picks \`${name('apps-wild')}\` (first by name)`,
    );
    expect(atSearch).toMatchObject({ source: { file: 'fargate/staging.yaml' }, path: 'spec.selectors[0]' });
  });
});
