import { pullRequestBody, pullRequestTitle, REQUEST_MARKER } from './pullRequest';

const text = {
  kind: 'create' as const,
  fileAction: 'create' as const,
  requester: 'user:default/jane',
  reason: 'We need it\n\n<script>alert(1)</script> for @platform-team, see [docs](javascript:alert(1))',
  cluster: 'prod-eu',
  name: 'search-api',
  file: 'fargate/prod-eu/search-api.yaml',
  content: 'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata:\n  name: "```"\n',
  planMarkdown: '**Plan:** 1 to create, 0 to replace, 0 to delete.',
};

describe('pull request text', () => {
  const body = pullRequestBody(text);

  it('names the requester, the reason, the spec file and the plan', () => {
    expect(pullRequestTitle(text)).toBe('Fargate profile request: search-api on prod-eu');
    expect(body.startsWith(REQUEST_MARKER)).toBe(true);
    expect(body).toContain('Requested by `user:default/jane` through the Backstage portal');
    expect(body).toContain('**Spec** `fargate/prod-eu/search-api.yaml`');
    expect(body.endsWith(text.planMarkdown)).toBe(true);
  });

  it('keeps the reason a quote, escaped line by line', () => {
    expect(body).toContain(
      '> We need it\n>\n> &lt;script&gt;alert\\(1\\)&lt;/script&gt; for @&#8203;platform\\-team, see \\[docs\\]\\(javascript:alert\\(1\\)\\)',
    );
    expect(body).not.toContain('<script>');
    expect(body).not.toContain('@platform-team');
  });

  it('says what a change and a removal do to the spec file', () => {
    expect(pullRequestTitle({ ...text, kind: 'change' })).toBe('Fargate profile change: search-api on prod-eu');
    expect(pullRequestBody({ ...text, kind: 'change', fileAction: 'update' })).toContain(
      'a change of Fargate profile `search-api` on cluster `prod-eu`',
    );
    const removal = pullRequestBody({
      ...text,
      kind: 'delete',
      fileAction: 'update',
      content: 'kind: FargateProfile\n',
    });
    expect(pullRequestTitle({ ...text, kind: 'delete' })).toBe('Fargate profile removal: search-api on prod-eu');
    expect(removal).toContain(
      '**Spec** `search-api` is removed from `fargate/prod-eu/search-api.yaml`, which keeps:\n\n```yaml\nkind: FargateProfile\n```',
    );
    const gone = pullRequestBody({ ...text, kind: 'delete', fileAction: 'delete', content: '' });
    expect(gone).toContain('**Spec** `fargate/prod-eu/search-api.yaml` is removed: `search-api` was its only spec.');
    expect(gone).not.toContain('```yaml');
  });

  it('fences the spec so its content cannot close the block', () => {
    expect(body).toContain('````yaml\napiVersion: fargatekeeper.dev/v1');
    expect(body).toContain('  name: "```"\n````');
  });
});
