import { parseSpecFiles, plan, profileNameFor, SimulatedAccount } from '@fargatekeeper/core';
import { ROLE_ARN, simState } from '../__testUtils__/world';
import { profileViews } from './profileViews';

const cluster = { name: 'prod-eu', region: 'eu-west-1' };
const link = (file: string, line: number) => `https://example.test/${file}#L${line}`;

const spec = (name: string, body: string) => `apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: ${name}
spec:
  cluster: prod-eu
  podExecutionRoleArn: ${ROLE_ARN}
${body}
`;

/** Plans `files` against the fixture account and joins the result, as the profiles route does. */
async function viewsOf(files: Record<string, string>) {
  const sim = SimulatedAccount.fromJSON(simState());
  const parsed = parseSpecFiles(Object.entries(files).map(([path, content]) => ({ path, content })));
  expect(parsed.diagnostics.filter(d => d.severity === 'error')).toEqual([]);
  const { specs } = parsed;
  const planned = await plan(parsed, sim, { defaultRegion: 'eu-west-1', clusters: [cluster] });
  const live = await Promise.all(
    (await sim.listFargateProfiles(cluster)).names.map(
      async name => (await sim.describeFargateProfile(cluster, name))!,
    ),
  );
  return { specs, views: profileViews({ cluster, live, specs, operations: planned.clusters[0]!.operations, link }) };
}

describe('profileViews', () => {
  it('shows a replacement on the live profile it replaces, with the fields that force it', async () => {
    // payments-jobs now also wants subnet-b removed: an immutable field, so a new profile replaces it.
    const { views } = await viewsOf({
      'p.yaml': spec(
        'payments-jobs',
        `  subnets: [subnet-a]
  selectors:
    - namespace: payments
      labels: { compute: fargate }
  tags: { team: payments }`,
      ),
    });
    const row = views.find(v => v.desired?.spec === 'payments-jobs')!;
    expect(row.live?.subnets).toEqual(['subnet-a', 'subnet-b']);
    expect(row).toMatchObject({ drift: 'drifted', operation: 'replace', managed: true });
    expect(row.changes).toContainEqual(
      expect.objectContaining({ path: expect.stringContaining('subnets'), forcesReplacement: true }),
    );
    // The replacement's new name is not shown as a second, missing profile.
    expect(views.filter(v => v.desired?.spec === 'payments-jobs')).toHaveLength(1);
  });

  it('shows an adoption on the unmanaged profile a spec takes over', async () => {
    const { views } = await viewsOf({
      'h.yaml': spec(
        'legacy',
        `  adopt: handmade
  subnets: [subnet-a]
  selectors:
    - namespace: legacy
    - namespace: pay*`,
      ),
    });
    const row = views.find(v => v.name === 'handmade')!;
    expect(row).toMatchObject({
      managed: false,
      drift: 'drifted',
      operation: 'adopt-in-place',
      desired: { spec: 'legacy', url: 'https://example.test/h.yaml#L1' },
    });
  });

  it('marks a spec the plan could not place as unknown, under its spec name', async () => {
    const files = {
      'r.yaml': spec(
        'reports',
        `  subnets: [subnet-b]
  selectors:
    - namespace: reports`,
      ),
    };
    const { specs: parsed } = parseSpecFiles(Object.entries(files).map(([path, content]) => ({ path, content })));
    const views = profileViews({ cluster, live: [], specs: parsed, operations: [], link });
    expect(views).toEqual([
      expect.objectContaining({
        name: 'reports',
        drift: 'unknown',
        managed: false,
        desired: expect.objectContaining({ spec: 'reports' }),
      }),
    ]);
    // Not under the EKS name it would get: nothing says it will be created as such.
    expect(profileNameFor(parsed[0]!)).not.toBe('reports');
  });
});
