import { healthFindings, parseSpecFiles, validateStatic, type Diagnostic, type Plan } from '@fargatekeeper/core';
import { ANNOTATIONS_PER_SEVERITY, annotateDiagnostics, annotationMessage, annotationProperties } from './annotations';

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
    expect(annotationProperties(unknownField, process.cwd())).toEqual({
      title: 'fargatekeeper spec.unknown-field',
      file: 'fargate/search.yaml',
      startLine: 8,
      startColumn: 3,
    });
    expect(annotationMessage(unknownField)).toBe(
      'unknown field `selector` [spec.selector]\nHint: did you mean `selectors`?',
    );
  });

  it('writes workflow commands the runner turns into annotations, one per diagnostic and severity', () => {
    annotateDiagnostics(
      [
        unknownField,
        {
          severity: 'warning',
          code: 'match.overlap',
          message: 'pods in batch-* match two profiles',
          cluster: 'prod-eu',
        },
        {
          severity: 'info',
          code: 'live.unmanaged',
          message: 'handmade is left alone',
          source: { file: `${process.cwd()}/fargate/a.yaml`, line: 1, column: 1 },
        },
      ],
      process.cwd(),
    );
    expect(written.join('').trim().split('\n')).toEqual([
      '::error title=fargatekeeper spec.unknown-field,file=fargate/search.yaml,line=8,col=3::unknown field `selector` [spec.selector]%0AHint: did you mean `selectors`?',
      '::warning title=fargatekeeper match.overlap (prod-eu)::pods in batch-* match two profiles',
      '::notice title=fargatekeeper live.unmanaged,file=fargate/a.yaml,line=1,col=1::handmade is left alone',
    ]);
  });

  it('annotates the health issues of live profiles with their code and message, made visible', () => {
    const before = {
      name: 'pay-1',
      status: 'ACTIVE' as const,
      podExecutionRoleArn: 'arn:aws:iam::1:role/r',
      subnets: [],
      selectors: [],
      tags: {},
    };
    const plan = {
      clusters: [
        {
          region: 'eu-west-1',
          cluster: 'prod-eu',
          liveProfiles: 1,
          operations: [
            {
              op: 'no-op',
              id: 'x',
              region: 'eu-west-1',
              cluster: 'prod-eu',
              spec: 'pay',
              profile: 'pay-1',
              source: { file: 'fargate/pay.yaml', line: 4, column: 3 },
              before: { ...before, health: [{ code: 'AccessDenied', message: 'no access\u202E for the role' }] },
              after: before,
              reason: { code: 'up-to-date' },
            },
          ],
        },
      ],
    } as unknown as Plan;
    annotateDiagnostics(healthFindings(plan), process.cwd());
    expect(written.join('').trim()).toBe(
      '::warning title=fargatekeeper profile.health (prod-eu),file=fargate/pay.yaml,line=4,col=3::profile `pay-1` (ACTIVE) reports `AccessDenied`: no access\\u202E for the role',
    );
  });

  it('emits no more of a severity than GitHub shows, the last one saying how many more the job summary holds', () => {
    const warnings = Array.from({ length: 25 }, (_, i): Diagnostic => ({
      severity: 'warning',
      code: 'match.overlap',
      message: `overlap ${i}`,
    }));
    annotateDiagnostics([...warnings, unknownField], process.cwd());
    const lines = written.join('').trim().split('\n');
    const shown = lines.filter(l => l.startsWith('::warning'));
    // GitHub drops warnings past the 10th of a step: 9 of them and the summary are the 10 it shows.
    expect(shown).toHaveLength(ANNOTATIONS_PER_SEVERITY);
    expect(shown.slice(0, 9)).toEqual(
      warnings.slice(0, 9).map(w => `::warning title=fargatekeeper match.overlap::${w.message}`),
    );
    expect(shown[9]).toBe(
      '::warning title=fargatekeeper (16 more warnings)::and 16 more warnings: see the job summary',
    );
    // Other severities have places of their own.
    expect(lines.filter(l => l.startsWith('::error'))).toHaveLength(1);

    written = [];
    annotateDiagnostics(warnings.slice(0, 10), process.cwd());
    expect(written.join('').trim().split('\n')).toHaveLength(10);
    expect(written.join('')).not.toContain('more warning');
  });

  it('shows control and bidi characters of a spec as escapes, never raw', () => {
    const content =
      'apiVersion: fargatekeeper.dev/v1\nkind: FargateProfile\nmetadata: { name: "pay\\u202Etxt.exe" }\n' +
      'spec: { cluster: "prod\\u001b[2J", subnets: [subnet-1a2b], selectors: [{ namespace: web }] }\n';
    const { specs } = parseSpecFiles([{ path: 'fargate/evil.yaml', content }]);
    const diagnostics = validateStatic(specs).filter(d => d.code === 'spec.invalid-name');
    annotateDiagnostics(diagnostics, process.cwd());
    const line = written.join('').trim();
    expect(line).not.toMatch(/[\u202E\u001b]/);
    expect(line).toBe(
      '::error title=fargatekeeper spec.invalid-name (prod\\x1b[2J),file=fargate/evil.yaml,line=3,col=19::' +
        '`pay\\u202Etxt.exe` is not a valid spec name: use lowercase letters, digits and `-`, starting and ending with a letter or digit [metadata.name]%0AHint: try `pay-txt-exe`',
    );
  });
});
