import { explainPod, profileLabel } from './explain';

const profiles = [
  { name: 'bulk-0c1d2e', selectors: [{ namespace: 'b*', labels: {} }] },
  { name: 'batch-jobs-7d41c2', selectors: [{ namespace: 'batch-*', labels: { compute: 'fargate' } }] },
  { name: 'payments-1a2b3c', selectors: [{ namespace: 'payments', labels: { 'app.kubernetes.io/*': 'api-?' } }] },
];

describe('explainPod', () => {
  it('picks the first matching profile by name when several match', () => {
    const result = explainPod(profiles, { namespace: 'batch-nightly', labels: { compute: 'fargate' } });
    expect(result.placement).toBe('fargate');
    expect(result.profile).toBe('batch-jobs-7d41c2');
    expect(result.decidedBy).toBe('first-by-name');
    expect(result.matching).toEqual(['batch-jobs-7d41c2', 'bulk-0c1d2e']);
    expect(result.reason).toBe(
      '`batch-jobs-7d41c2`, `bulk-0c1d2e` match; EKS picks `batch-jobs-7d41c2` (first by name)',
    );
    expect(result.candidates.map(c => c.name)).toEqual(['batch-jobs-7d41c2', 'bulk-0c1d2e', 'payments-1a2b3c']);
    expect(result.candidates[0]!.selectors[0]!.reasons).toEqual([
      'namespace `batch-nightly` matches `batch-*`',
      'label `compute=fargate` matches `compute=fargate`',
    ]);
  });

  it('says why each profile does not match', () => {
    const result = explainPod(profiles, { namespace: 'batch-nightly', labels: { compute: 'spot' } });
    expect(result.profile).toBe('bulk-0c1d2e');
    expect(result.decidedBy).toBe('only-match');
    expect(result.reason).toBe('only `bulk-0c1d2e` matches');
    expect(result.candidates[0]!.selectors[0]!.reasons[1]).toBe(
      'label `compute` is `spot`, which does not match `fargate`',
    );
    expect(result.candidates[2]!.selectors[0]!.reasons).toEqual([
      'namespace `batch-nightly` does not match `payments`',
      'no label key matches `app.kubernetes.io/*` (wanted `app.kubernetes.io/*=api-?`)',
    ]);
  });

  it('matches wildcard label keys and values', () => {
    const result = explainPod(profiles, { namespace: 'payments', labels: { 'app.kubernetes.io/name': 'api-1' } });
    expect(result.profile).toBe('payments-1a2b3c');
    expect(result.candidates[2]!.selectors[0]!.reasons[1]).toBe(
      'label `app.kubernetes.io/name=api-1` matches `app.kubernetes.io/*=api-?`',
    );
  });

  it('goes to nodes when no profile matches', () => {
    const result = explainPod(profiles, { namespace: 'web', labels: {} });
    expect(result).toMatchObject({
      placement: 'nodes',
      decidedBy: 'no-match',
      reason: 'goes to nodes (no profile matches)',
      matching: [],
    });
    expect(result.profile).toBeUndefined();
  });

  it('honours the fargate-profile label', () => {
    const pod = { namespace: 'batch-nightly', labels: { compute: 'fargate', [profileLabel]: 'bulk-0c1d2e' } };
    const result = explainPod(profiles, pod);
    expect(result).toMatchObject({ placement: 'fargate', profile: 'bulk-0c1d2e', decidedBy: 'profile-label' });
  });

  it('sends the pod to nodes when its label names a profile that does not match it', () => {
    const pod = { namespace: 'web', labels: { [profileLabel]: 'bulk-0c1d2e' } };
    const result = explainPod(profiles, pod);
    expect(result.placement).toBe('nodes');
    expect(result.reason).toBe(
      "the pod's label `eks.amazonaws.com/fargate-profile` names `bulk-0c1d2e`, whose selectors do not match it, so it goes to nodes",
    );
  });

  it('orders names by character codes as EKS does', () => {
    const result = explainPod(
      [
        { name: 'alpha', selectors: [{ namespace: '*', labels: {} }] },
        { name: 'Zeta', selectors: [{ namespace: '*', labels: {} }] },
        { name: '9lives', selectors: [{ namespace: '*', labels: {} }] },
      ],
      { namespace: 'x', labels: {} },
    );
    expect(result.matching).toEqual(['9lives', 'Zeta', 'alpha']);
  });
});
