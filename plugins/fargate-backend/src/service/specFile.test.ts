import { nativeSpecDocument, parseSpecFiles } from '@fargatekeeper/core';
import { profileRequestToSpec, type ProfileRequestSpec } from '@fargatekeeper/backstage-plugin-fargate-common';
import { requestSpecPath, safeSegment } from './specFile';

describe('requestSpecPath', () => {
  it('puts a request under <folder>/<cluster>/<name>.yaml', () => {
    expect(requestSpecPath('fargate', 'prod-eu', 'payments-jobs')).toBe('fargate/prod-eu/payments-jobs.yaml');
  });

  it.each([
    ['parent steps', '../../etc/passwd', 'fargate/prod-eu/etc-passwd.yaml'],
    ['an absolute path', '/etc/passwd', 'fargate/prod-eu/etc-passwd.yaml'],
    ['backslashes', '..\\..\\windows\\system32', 'fargate/prod-eu/windows-system32.yaml'],
    ['percent-encoded steps', '%2e%2e%2f%2e%2e%2fsecrets', 'fargate/prod-eu/2e-2e-2f-2e-2e-2fsecrets.yaml'],
    ['double-encoded steps', '%252e%252e%252fx', 'fargate/prod-eu/252e-252e-252fx.yaml'],
    ['full-width dots and slash', '．．／．．／x', 'fargate/prod-eu/x.yaml'],
    ['a NUL byte', 'a\u0000.yaml', 'fargate/prod-eu/a-yaml.yaml'],
    ['a hidden file', '.github', 'fargate/prod-eu/github.yaml'],
    ['an extension of its own', 'x.yml', 'fargate/prod-eu/x-yml.yaml'],
    ['upper case and spaces', 'Payments Jobs', 'fargate/prod-eu/payments-jobs.yaml'],
  ])('reduces %s to a plain name inside the folder', (_, name, path) => {
    expect(requestSpecPath('fargate', 'prod-eu', name)).toBe(path);
  });

  it('sanitises the cluster segment too', () => {
    expect(() => requestSpecPath('fargate', '../../..', 'x')).toThrow('cannot build a spec file name');
    expect(requestSpecPath('fargate', '../prod_eu', 'x')).toBe('fargate/prod-eu/x.yaml');
  });

  it('caps very long names', () => {
    const path = requestSpecPath('fargate', 'prod-eu', 'a'.repeat(500));
    expect(path).toBe(`fargate/prod-eu/${'a'.repeat(63)}.yaml`);
  });

  it('refuses input with nothing usable in it', () => {
    expect(() => requestSpecPath('fargate', 'prod-eu', '../..')).toThrow(
      "cannot build a spec file name from cluster 'prod-eu' and name '../..'",
    );
    expect(() => requestSpecPath('fargate', 'prod-eu', '')).toThrow('cannot build a spec file name');
  });

  it('works with the repository root as the specs folder', () => {
    expect(requestSpecPath('', 'prod-eu', '../x')).toBe('prod-eu/x.yaml');
  });

  it('never yields a segment with a dot or slash', () => {
    for (const input of ['..', '../', './.', 'a/b', 'a\\b', '~', '%00', '…']) {
      expect(safeSegment(input)).toMatch(/^[a-z0-9-]*$/);
    }
  });
});

describe('nativeSpecDocument', () => {
  const request: ProfileRequestSpec = {
    cluster: 'prod-eu',
    name: 'search-api',
    selectors: [
      { namespace: 'search', labels: { tier: 'api', app: 'search' } },
      { namespace: 'search-jobs', labels: {} },
    ],
    subnets: ['subnet-b', 'subnet-a'],
    tags: { team: 'search', 'cost-center': '42' },
  };
  const spec = profileRequestToSpec(request, { file: 'fargate/prod-eu/search-api.yaml', region: 'eu-west-1' });

  it('writes the native format with a fixed key order and sorted maps', () => {
    expect(nativeSpecDocument(spec)).toBe(`apiVersion: fargatekeeper.dev/v1
kind: FargateProfile
metadata:
  name: search-api
spec:
  cluster: prod-eu
  region: eu-west-1
  subnets:
    - subnet-b
    - subnet-a
  selectors:
    - namespace: search
      labels:
        app: search
        tier: api
    - namespace: search-jobs
  tags:
    cost-center: "42"
    team: search
`);
  });

  it('renders the same spec byte for byte alike whatever the key order of the input', () => {
    const shuffled = profileRequestToSpec(
      {
        ...request,
        selectors: [{ namespace: 'search', labels: { app: 'search', tier: 'api' } }, request.selectors[1]!],
        tags: { 'cost-center': '42', team: 'search' },
      },
      { file: spec.source.file, region: 'eu-west-1' },
    );
    expect(nativeSpecDocument(shuffled)).toBe(nativeSpecDocument(spec));
  });

  it('parses back to the same spec, wildcards and odd values included', () => {
    const odd = profileRequestToSpec(
      {
        ...request,
        selectors: [{ namespace: 'team-*', labels: { 'app.kubernetes.io/name': '?pi', yes: 'no' } }],
        tags: { note: 'a: b # not a comment', empty: '', multi: 'line\nbreak', number: '0x10' },
      },
      { file: spec.source.file, region: 'eu-west-1' },
    );
    const parsed = parseSpecFiles([{ path: spec.source.file, content: nativeSpecDocument(odd) }]);
    const { source, ...rest } = parsed.specs[0] ?? ({} as never);
    const { source: _, ...expected } = odd;
    expect(rest).toEqual(expected);
    expect(source.format).toBe('native');
  });
});
