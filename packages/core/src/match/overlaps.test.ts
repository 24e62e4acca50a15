import { analyzeOverlaps, labelsCanCoexist } from './overlaps';

describe('analyzeOverlaps', () => {
  it('warns with the winner for overlapping wildcard selectors', () => {
    const diagnostics = analyzeOverlaps('prod-eu', [
      { name: 'bulk-0c1d2e', spec: 'bulk', selectors: [{ namespace: 'b*', labels: {} }], source: { file: 'f/bulk.yaml', line: 1, column: 1 },
        fields: { 'selectors[0]': { file: 'f/bulk.yaml', line: 9, column: 7, path: 'spec.selectors[0]' } } },
      { name: 'batch-jobs-7d41c2', spec: 'batch-jobs', selectors: [{ namespace: 'batch-*', labels: { compute: 'fargate' } }] },
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'overlap.selectors',
        message: 'pods in `batch-*` with `compute=fargate` match `batch-jobs-7d41c2` and `bulk-0c1d2e`; EKS picks `batch-jobs-7d41c2` (first by name)',
        cluster: 'prod-eu',
        profile: 'bulk',
        path: 'spec.selectors[0]',
        source: { file: 'f/bulk.yaml', line: 9, column: 7 },
        hint: 'narrow one of the selectors, or label the pods `eks.amazonaws.com/fargate-profile: bulk-0c1d2e` to send them to `bulk-0c1d2e`',
      },
    ]);
  });

  it('names both patterns when neither is narrower', () => {
    const [d] = analyzeOverlaps('c', [
      { name: 'a', selectors: [{ namespace: 'batch-*', labels: {} }] },
      { name: 'b', selectors: [{ namespace: '*-jobs', labels: { tier: 'web' } }] },
    ]);
    expect(d!.message).toBe('pods in namespaces matching both `batch-*` and `*-jobs` with `tier=web` match `a` and `b`; EKS picks `a` (first by name)');
  });

  it('finds no overlap for disjoint namespaces (`team-?`, `team-??`) or conflicting labels (c, d)', () => {
    expect(analyzeOverlaps('c', [
      { name: 'a', selectors: [{ namespace: 'team-?', labels: {} }] },
      { name: 'b', selectors: [{ namespace: 'team-??', labels: {} }] },
      { name: 'c', selectors: [{ namespace: 'team-*', labels: { compute: 'fargate' } }] },
      { name: 'd', selectors: [{ namespace: 'team-x*', labels: { compute: 'spot*' } }] },
    ]).map(d => d.message)).toEqual([
      'pods in `team-?` with `compute=fargate` match `a` and `c`; EKS picks `a` (first by name)',
      'pods in namespaces matching both `team-?` and `team-x*` with `compute=spot*` match `a` and `d`; EKS picks `a` (first by name)',
      'pods in `team-??` with `compute=fargate` match `b` and `c`; EKS picks `b` (first by name)',
      'pods in namespaces matching both `team-??` and `team-x*` with `compute=spot*` match `b` and `d`; EKS picks `b` (first by name)',
    ]);
  });

  it('reports one warning per overlapping selector pair, at the document path its format writes', () => {
    const diagnostics = analyzeOverlaps('c', [
      { name: 'one', selectors: [{ namespace: 'a', labels: {} }, { namespace: 'b', labels: {} }] },
      { name: 'two', spec: 'two', format: 'instance-manager', selectors: [{ namespace: 'c', labels: {} }, { namespace: '?', labels: {} }] },
    ]);
    expect(diagnostics.map(d => [d.message, d.path])).toEqual([
      ['pods in `a` match `one` and `two`; EKS picks `one` (first by name)', 'spec.eks-fargate.selectors[1]'],
      ['pods in `b` match `one` and `two`; EKS picks `one` (first by name)', 'spec.eks-fargate.selectors[1]'],
    ]);
  });

  it('gives no path for a live profile, which has no document', () => {
    const [d] = analyzeOverlaps('c', [
      { name: 'a', spec: 'a', format: 'native', selectors: [{ namespace: 'x', labels: {} }] },
      { name: 'handmade', selectors: [{ namespace: 'x*', labels: {} }] },
    ]);
    expect(d).toMatchObject({ profile: 'handmade' });
    expect('path' in d!).toBe(false);
  });
});

describe('labelsCanCoexist', () => {
  it('conflicts only on one literal key with disjoint values', () => {
    expect(labelsCanCoexist({ compute: 'fargate' }, { compute: 'spot' })).toBe(false);
    expect(labelsCanCoexist({ compute: 'f*' }, { compute: '*e' })).toBe(true);
    expect(labelsCanCoexist({ 'comp*': 'fargate' }, { compute: 'spot' })).toBe(true);
    expect(labelsCanCoexist({ a: 'x' }, { b: 'y' })).toBe(true);
  });
});
