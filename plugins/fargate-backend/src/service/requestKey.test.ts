import { canonicalJson, requestKey } from './requestKey';

const proposal = {
  kind: 'create' as const,
  cluster: 'prod-eu',
  name: 'search-api',
  selectors: [{ namespace: 'search', labels: { app: 'api', tier: 'web' } }],
  subnets: ['subnet-a'],
  tags: { team: 'search', cost: '1' },
};

describe('requestKey', () => {
  it('is the same for the same proposal, whatever the reason, key order or empty maps', () => {
    const key = requestKey(proposal);
    expect(key).toMatch(/^[0-9a-f]{12}$/);
    expect(requestKey({ ...proposal, reason: 'first' } as typeof proposal)).toBe(key);
    expect(
      requestKey({
        ...proposal,
        tags: { cost: '1', team: 'search' },
        selectors: [{ namespace: 'search', labels: { tier: 'web', app: 'api' } }],
      }),
    ).toBe(key);
    expect(requestKey({ ...proposal, tags: {} })).toBe(requestKey({ ...proposal, tags: undefined } as never));
  });

  it('differs for another proposal, another kind or another cluster', () => {
    const key = requestKey(proposal);
    expect(requestKey({ ...proposal, subnets: ['subnet-b'] })).not.toBe(key);
    expect(requestKey({ ...proposal, kind: 'change' })).not.toBe(key);
    expect(requestKey({ kind: 'delete', cluster: 'prod-eu', name: 'search-api' })).not.toBe(
      requestKey({ kind: 'delete', cluster: 'staging', name: 'search-api' }),
    );
  });

  it('writes JSON with sorted keys', () => {
    expect(canonicalJson({ b: [{ d: 1, c: 2 }], a: null, u: undefined })).toBe('{"a":null,"b":[{"c":2,"d":1}]}');
  });
});
