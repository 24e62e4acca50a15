import { ParsedOptions } from './options';
import { formatDiagnostic, paint, severitySummary, useColor } from './output';
import type { CliIO } from './io';

const io = (isTTY: boolean, env: Record<string, string> = {}): CliIO => ({
  stdout: { write: () => true, isTTY },
  stderr: { write: () => true },
  env,
});
const opts = (values: Record<string, boolean> = {}) => new ParsedOptions(values, []);

describe('useColor', () => {
  it('colours a terminal only', () => {
    expect(useColor(opts(), io(true))).toBe(true);
    expect(useColor(opts(), io(false))).toBe(false);
  });

  it('honours NO_COLOR and FORCE_COLOR', () => {
    expect(useColor(opts(), io(true, { NO_COLOR: '1' }))).toBe(false);
    expect(useColor(opts(), io(false, { FORCE_COLOR: '1' }))).toBe(true);
    expect(useColor(opts(), io(true, { FORCE_COLOR: '0' }))).toBe(false);
    expect(useColor(opts(), io(false, { NO_COLOR: '', FORCE_COLOR: '1' }))).toBe(true);
  });

  it('lets --color and --no-color win over everything', () => {
    expect(useColor(opts({ 'no-color': true }), io(true, { FORCE_COLOR: '1' }))).toBe(false);
    expect(useColor(opts({ color: true }), io(false, { NO_COLOR: '1' }))).toBe(true);
  });
});

describe('formatDiagnostic', () => {
  it('prints file:line:column, severity, code, message, path and hint', () => {
    const text = formatDiagnostic(
      {
        severity: 'error',
        code: 'spec.unknown-field',
        message: 'unknown field `namspace`',
        source: { file: 'fargate/a.yaml', line: 9, column: 7 },
        path: 'spec.selectors[0].namspace',
        hint: 'did you mean `namespace`?',
      },
      paint(false),
    );
    expect(text).toBe(
      'fargate/a.yaml:9:7: error spec.unknown-field: unknown field `namspace` (at spec.selectors[0].namspace)\n' +
        '  hint: did you mean `namespace`?',
    );
  });

  it('falls back to the cluster when there is no file', () => {
    expect(formatDiagnostic({ severity: 'warning', code: 'live.x', message: 'm', cluster: 'prod' }, paint(false))).toBe(
      'prod: warning live.x: m',
    );
  });

  it('colours the severity only when asked', () => {
    expect(formatDiagnostic({ severity: 'error', code: 'c', message: 'm' }, paint(true))).toContain('\u001b[31merror\u001b[39m');
  });
});

describe('severitySummary', () => {
  it('counts errors and warnings, and infos when there are some', () => {
    expect(severitySummary([])).toBe('0 errors, 0 warnings');
    expect(
      severitySummary([
        { severity: 'error', code: 'a', message: '' },
        { severity: 'warning', code: 'b', message: '' },
        { severity: 'info', code: 'c', message: '' },
      ]),
    ).toBe('1 error, 1 warning, 1 info');
  });
});
