import { sortDiagnostics, type Diagnostic } from './diagnostics';

const at = (file: string | undefined, code = 'x'): Diagnostic => ({
  severity: 'error',
  code,
  message: code,
  ...(file ? { source: { file, line: 1, column: 1 } } : {}),
});

describe('sortDiagnostics', () => {
  it('orders by code units whatever the machine locale (as plans are compared byte for byte), without a file last', () => {
    const sorted = sortDiagnostics([
      at(undefined),
      at('fargate/a.yaml'),
      at('fargate/B.yaml'),
      at('fargate/a-b.yaml'),
      at('fargate/ä.yaml'),
    ]);
    expect(sorted.map(d => d.source?.file)).toEqual([
      'fargate/B.yaml',
      'fargate/a-b.yaml',
      'fargate/a.yaml',
      'fargate/ä.yaml',
      undefined,
    ]);
    expect(sortDiagnostics([at('f', 'b.code'), at('f', 'B.code'), at('f', 'a.code')]).map(d => d.code)).toEqual([
      'B.code',
      'a.code',
      'b.code',
    ]);
  });
});
