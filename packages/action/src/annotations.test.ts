import { parseSpecFiles, validateStatic, type Diagnostic } from '@fargatekeeper/core';
import { annotateDiagnostics, annotationMessage, annotationProperties } from './annotations';

const unknownField: Diagnostic = {
  severity: 'error',
  code: 'spec.unknown-field',
  message: 'unknown field `selector`',
  source: { file: 'fargate/search.yaml', line: 8, column: 3 },
  path: 'spec.selector',
  hint: 'did you mean `selectors`?',
};

describe('annotations', () => {
  let written: string[];
  const write = process.stdout.write;
  beforeEach(() => {
    written = [];
    process.stdout.write = ((chunk: string) => written.push(chunk) > 0) as typeof process.stdout.write;
  });
  afterEach(() => {
    process.stdout.write = write;
  });

  it('points at the file, line and column, with the field and the hint', () => {
    expect(annotationProperties(unknownField, process.cwd())).toEqual({ title: 'fargatekeeper spec.unknown-field', file: 'fargate/search.yaml', startLine: 8, startColumn: 3 });
    expect(annotationMessage(unknownField)).toBe('unknown field `selector` [spec.selector]\nHint: did you mean `selectors`?');
  });

  it('writes workflow commands the runner turns into annotations, one per diagnostic and severity', () => {
    annotateDiagnostics(
      [
        unknownField,
        { severity: 'warning', code: 'match.overlap', message: 'pods in batch-* match two profiles', cluster: 'prod-eu' },
        { severity: 'info', code: 'live.unmanaged', message: 'handmade is left alone', source: { file: `${process.cwd()}/fargate/a.yaml`, line: 1, column: 1 } },
      ],
      process.cwd(),
    );
    expect(written.join('').trim().split('\n')).toEqual([
      '::error title=fargatekeeper spec.unknown-field,file=fargate/search.yaml,line=8,col=3::unknown field `selector` [spec.selector]%0AHint: did you mean `selectors`?',
      '::warning title=fargatekeeper match.overlap (prod-eu)::pods in batch-* match two profiles',
      '::notice title=fargatekeeper live.unmanaged,file=fargate/a.yaml,line=1,col=1::handmade is left alone',
    ]);
  });

  it('shows control and bidi characters of a spec as escapes, never raw', () => {
    const content = 'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata: { name: "pay\\u202Etxt.exe" }\n'
      + 'spec: { cluster: "prod\\u001b[2J", subnets: [subnet-1a2b], selectors: [{ namespace: web }] }\n';
    const { specs } = parseSpecFiles([{ path: 'fargate/evil.yaml', content }]);
    const diagnostics = validateStatic(specs).filter(d => d.code === 'spec.invalid-name');
    annotateDiagnostics(diagnostics, process.cwd());
    const line = written.join('').trim();
    expect(line).not.toMatch(/[\u202E\u001b]/);
    expect(line).toBe(
      '::error title=fargatekeeper spec.invalid-name (prod\\x1b[2J),file=fargate/evil.yaml,line=3,col=19::'
        + '`pay\\u202Etxt.exe` is not a valid spec name: use lowercase letters, digits and `-`, starting and ending with a letter or digit [metadata.name]%0AHint: try `pay-txt-exe`',
    );
  });
});
