/*
 * The examples (examples/specs against examples/sim-account.json, as `npm run demo` plans them) built
 * in moto through the SDK and planned through AwsAccount: the same operations and findings as the
 * simulated account gives, so the simulator the other tests rely on behaves as AWS's API does here.
 * Then applied on moto, after which the plan is clean.
 */
import { SimulatedAccount, type Plan } from '@fargatekeeper/core';
import { EXAMPLES_CLUSTER, clustersOf, readExamples } from './support/examples';
import { describeWithMoto } from './support/moto';
import { changes, parseSpecs, planAndApply, planOf } from './support/run';
import { useMoto } from './support/useMoto';

/** A plan's findings without their text (which names moto's ids): severity, code, where. */
const findings = (p: Plan) =>
  p.diagnostics.map(
    d => `${d.severity} ${d.code} ${d.source?.file ?? d.cluster}:${d.source?.line ?? ''} ${d.path ?? ''}`,
  );

describeWithMoto('the examples against moto', () => {
  let examples: Awaited<ReturnType<typeof readExamples>>;
  const moto = useMoto(async () => (examples = await readExamples()).state);

  it('plans the same operations and findings as the simulated account', async () => {
    const clusters = clustersOf(examples.state);
    const asWritten = { rewrite: (text: string) => text };
    const simulated = await planOf(
      SimulatedAccount.fromJSON(examples.state),
      parseSpecs(asWritten, examples.files, EXAMPLES_CLUSTER),
      clusters,
    );
    const onMoto = await planOf(moto.account, parseSpecs(moto.world, examples.files, EXAMPLES_CLUSTER), clusters);
    expect(changes(onMoto)).toEqual([
      'adopt-in-place prod-eu/batch-workers',
      'adopt-in-place staging/search-preview',
      'create prod-eu/observability',
      'create prod-eu/payments-api',
      'create staging/previews',
      'delete-profile prod-eu/reports',
      'replace prod-eu/payments-jobs',
      'retag prod-eu/checkout',
    ]);
    expect(changes(onMoto)).toEqual(changes(simulated));
    expect(onMoto.summary).toEqual(simulated.summary);
    expect(findings(onMoto)).toEqual(findings(simulated));
    expect(findings(onMoto)).toContain(
      'warning overlap.selectors examples/specs/fargate-operator/search.yaml:14 spec.selectors[0]',
    );
  });

  it('applies them, and the plan after is clean', async () => {
    const parsed = parseSpecs(moto.world, examples.files, EXAMPLES_CLUSTER);
    const clusters = clustersOf(examples.state);
    const { result } = await planAndApply(moto.account, parsed, clusters);
    expect(result.summary).toEqual({ succeeded: 8, failed: 0, skipped: 0 });
    const after = await planOf(moto.account, parsed, clusters);
    expect({ changes: changes(after), hasChanges: after.hasChanges }).toEqual({ changes: [], hasChanges: false });
    expect(after.summary['no-op']).toBe(8);
  });
});
