import { selectorMatchesPod } from './selector';

describe('selectorMatchesPod', () => {
  const pod = {
    namespace: 'batch-nightly',
    labels: { compute: 'fargate', 'team.example.com/name': 'data', tier: 'worker' },
  };

  it.each([
    [{ namespace: 'batch-nightly', labels: {} }, true],
    [{ namespace: 'batch-*', labels: { compute: 'fargate' } }, true],
    [{ namespace: 'batch-?ightly', labels: { compute: 'far*', tier: 'w?rker' } }, true],
    [{ namespace: 'batch-*', labels: { compute: 'fargate', gpu: 'true' } }, false],
    [{ namespace: 'batch', labels: {} }, false],
    // A wildcard key is satisfied by any one pod label whose key and value both match.
    [{ namespace: '*', labels: { 'team.*': 'data' } }, true],
    [{ namespace: '*', labels: { 't*': 'worker' } }, true],
    [{ namespace: '*', labels: { 't*': 'nobody' } }, false],
  ])('%j → %s', (selector, expected) => {
    expect(selectorMatchesPod(selector, pod)).toBe(expected);
  });
});
