import { analyzeMatching } from './engine';
import { analyzeOverlaps } from './overlaps';

describe('analyzeOverlaps', () => {
  it('warns with the winner for overlapping wildcard selectors', () => {
    const diagnostics = analyzeOverlaps('prod-eu', [
      {
        name: 'bulk-0c1d2e',
        spec: 'bulk',
        selectors: [{ namespace: 'b*', labels: {} }],
        source: { file: 'f/bulk.yaml', line: 1, column: 1 },
        fields: { 'selectors[0]': { file: 'f/bulk.yaml', line: 9, column: 7, path: 'spec.selectors[0]' } },
      },
      {
        name: 'batch-jobs-7d41c2',
        spec: 'batch-jobs',
        selectors: [{ namespace: 'batch-*', labels: { compute: 'fargate' } }],
      },
    ]);
    expect(diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'overlap.selectors',
        message:
          'pods in `batch-*` with `compute=fargate` match `batch-jobs-7d41c2` and `bulk-0c1d2e`; EKS picks `batch-jobs-7d41c2` (first by name)',
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
    expect(d!.message).toBe(
      'pods in namespaces matching both `batch-*` and `*-jobs` with `tier=web` match `a` and `b`; EKS picks `a` (first by name)',
    );
  });

  it('finds no overlap for disjoint namespaces (`team-?`, `team-??`) or conflicting labels (c, d)', () => {
    expect(
      analyzeOverlaps('c', [
        { name: 'a', selectors: [{ namespace: 'team-?', labels: {} }] },
        { name: 'b', selectors: [{ namespace: 'team-??', labels: {} }] },
        { name: 'c', selectors: [{ namespace: 'team-*', labels: { compute: 'fargate' } }] },
        { name: 'd', selectors: [{ namespace: 'team-x*', labels: { compute: 'spot*' } }] },
      ])
        .map(d => d.message)
        .sort(),
    ).toEqual(
      [
        'pods in `team-?` with `compute=fargate` match `a` and `c`; EKS picks `a` (first by name)',
        'pods in `team-??` with `compute=fargate` match `b` and `c`; EKS picks `b` (first by name)',
        'pods in namespaces matching both `team-x*` and `team-?` with `compute=spot*` match `a` and `d`; EKS picks `a` (first by name)',
        'pods in namespaces matching both `team-x*` and `team-??` with `compute=spot*` match `b` and `d`; EKS picks `b` (first by name)',
      ].sort(),
    );
  });

  it('reports one warning per overlapping selector pair, at the document path its format writes', () => {
    const diagnostics = analyzeOverlaps('c', [
      {
        name: 'one',
        selectors: [
          { namespace: 'a', labels: {} },
          { namespace: 'b', labels: {} },
        ],
      },
      {
        name: 'two',
        spec: 'two',
        format: 'instance-manager',
        selectors: [
          { namespace: 'c', labels: {} },
          { namespace: '?', labels: {} },
        ],
      },
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

describe('analyzeOverlaps: every profile a region holds, shadowing and profiles that never win', () => {
  const p = (name: string, ...selectors: [string, Record<string, string>?][]) => ({
    name,
    spec: name,
    format: 'native' as const,
    selectors: selectors.map(([namespace, labels]) => ({ namespace, labels: labels ?? {} })),
  });

  it('names the winner over all profiles of a region, every loser, and who sorts first and takes part of it', () => {
    const ds = analyzeOverlaps('c', [
      p('b-jobs', ['jobs-*']),
      p('c-nightly', ['jobs-nightly', { 'team.io/*': 'data' }]),
      p('a-spot', ['jobs-?ightly', { compute: 'spot' }]),
      p('d-all', ['*'], ['jobs', { compute: 'fargate' }]),
    ]);
    expect(ds.map(d => [d.code, d.profile, d.path, d.message])).toEqual([
      [
        'overlap.selectors',
        'b-jobs',
        'spec.selectors[0]',
        'pods in `jobs-?ightly` with `compute=spot` match `a-spot`, `b-jobs` and `d-all`; EKS picks `a-spot` (first by name)',
      ],
      [
        'overlap.selectors',
        'd-all',
        'spec.selectors[0]',
        'pods in `jobs-?ightly` with `compute=spot` match `a-spot`, `b-jobs` and `d-all`; EKS picks `a-spot` (first by name)',
      ],
      [
        'overlap.selectors',
        'c-nightly',
        'spec.selectors[0]',
        'pods in `jobs-nightly` with `compute=spot`, `team.io/*=data` match `a-spot`, `b-jobs`, `c-nightly` and `d-all`; EKS picks `a-spot` (first by name)',
      ],
      // `d-all` hears of `b-jobs` once, for the widest region (not again for `jobs-nightly`).
      [
        'overlap.selectors',
        'd-all',
        'spec.selectors[0]',
        'pods in `jobs-*` match `b-jobs` and `d-all`; EKS picks `b-jobs` (first by name), except pods that also match `a-spot`, which takes those',
      ],
      [
        'overlap.selectors',
        'c-nightly',
        'spec.selectors[0]',
        'pods in `jobs-nightly` with `team.io/*=data` match `b-jobs`, `c-nightly` and `d-all`; EKS picks `b-jobs` (first by name), except pods that also match `a-spot`, which takes those',
      ],
      // Every pod of `c-nightly` also matches `b-jobs` (`jobs-*`); the second selector of `d-all` (`jobs`) no profile that sorts first holds.
      [
        'overlap.never-wins',
        'c-nightly',
        'spec.selectors',
        'profile `c-nightly` can never take a pod: every pod its selectors match also matches `b-jobs`, which sorts first',
      ],
    ]);
  });

  it('says a selector is shadowed when others of its profile still take pods', () => {
    const ds = analyzeOverlaps('c', [
      p('a-web', ['web', { tier: '*' }]),
      p('b-mixed', ['web', { tier: 'front' }], ['batch']),
    ]);
    expect(ds.filter(d => d.code === 'overlap.shadowed-selector').map(d => [d.path, d.message])).toEqual([
      [
        'spec.selectors[0]',
        'selector 1 of `b-mixed` is shadowed by `a-web`: every pod it matches also matches `a-web`, which sorts first, so EKS never picks `b-mixed` for them',
      ],
    ]);
  });

  it('finds a selector shadowed only by several profiles together', () => {
    const ds = analyzeOverlaps('c', [
      p('a-exact', ['team-', { tier: 'web' }]),
      p('b-longer', ['team-?*']),
      p('c-team', ['team-*', { tier: 'web' }]),
    ]);
    expect(ds.filter(d => d.code === 'overlap.never-wins').map(d => d.message)).toEqual([
      'profile `c-team` can never take a pod: every pod its selectors match also matches one of `a-exact` or `b-longer`, which sort first',
    ]);
    // With another label on the exact namespace, `team-` pods with `tier=web` are `c-team`'s: no cover.
    const none = analyzeOverlaps('c', [
      p('a-exact', ['team-', { tier: 'db' }]),
      p('b-longer', ['team-?*']),
      p('c-team', ['team-*', { tier: 'web' }]),
    ]);
    expect(none.filter(d => d.code !== 'overlap.selectors')).toEqual([]);
  });
});

describe('analyzeOverlaps at the work bound', () => {
  it('reports nothing it could not judge, and says the analysis stopped', () => {
    // Every selector meets every other (namespace `*`, each its own label key): pairs grow as n².
    const profiles = Array.from({ length: 60 }, (_, i) => ({
      name: `p${String(i).padStart(2, '0')}`,
      selectors: [{ namespace: '*', labels: { [`k${i}`]: 'x' } }],
    }));
    const analysis = analyzeMatching(profiles, { maxComparisons: 500 });
    expect(analysis).toMatchObject({ contests: [], shadowed: [], neverWins: [], incomplete: { comparisons: 501 } });
    expect(analyzeOverlaps('prod-eu', profiles, analysis)).toEqual([
      {
        severity: 'info',
        code: 'overlap.incomplete',
        cluster: 'prod-eu',
        message:
          'the overlap analysis of cluster `prod-eu` stopped after 501 comparisons; overlaps beyond them are not reported',
      },
    ]);
    expect(analyzeMatching(profiles).contests).toHaveLength((60 * 59) / 2);
  });
});
