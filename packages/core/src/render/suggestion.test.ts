import type { Diagnostic, JoinSuggestion } from '../diagnostics';
import { planOf } from './__fixtures__/operations';
import { renderDiagnosticsText } from './diagnostics';
import { renderMarkdown } from './markdown';

const join: JoinSuggestion = {
  kind: 'join-profile',
  newSpec: 'search',
  spec: 'payments',
  profile: 'payments-1a2b3c4d',
  added: [{ namespace: 'search', labels: {} }],
  selectors: [
    { namespace: 'payments', labels: {} },
    { namespace: 'search', labels: {} },
  ],
  file: 'fargate/<pay>.yaml',
  document: 0,
  path: 'spec.selectors',
  editedSpec:
    '# fargate/<pay>.yaml, spec payments: spec.selectors\nselectors:\n  - namespace: payments\n  - namespace: "search\u202E"\n',
};
const quota: Diagnostic = {
  severity: 'error',
  code: 'live.quota-exceeded',
  message: 'cluster `prod-eu` would have 11 Fargate profiles; the quota is 10',
  source: { file: 'fargate/search.yaml', line: 4, column: 9 },
  hint: 'add its selector to spec `payments` (profile `payments-1a2b3c4d`) and drop spec `search`',
  suggestion: join,
};

describe('a suggested spec edit', () => {
  it('follows its finding in the terminal, as the YAML to write', () => {
    expect(renderDiagnosticsText([quota], { color: false })).toContain(
      '    hint: add its selector to spec `payments` (profile `payments-1a2b3c4d`) and drop spec `search`\n' +
        '    edit:\n' +
        '      # fargate/<pay>.yaml, spec payments: spec.selectors\n' +
        '      selectors:\n' +
        '        - namespace: payments\n' +
        '        - namespace: "search\\u202E"\n',
    );
  });

  it('is a folded YAML block in Markdown, escaped', () => {
    const md = renderMarkdown(planOf([], [quota]));
    expect(md).toContain(
      '<details><summary>Suggested edit: the selectors of spec search join spec payments (profile payments-1a2b3c4d, in fargate/&lt;pay&gt;.yaml)</summary>\n\n```yaml\n# fargate/<pay>.yaml',
    );
    expect(md).toContain('- namespace: "search\\u202E"\n```\n\n</details>');
    expect(md).not.toContain('\u202E');
  });
});
