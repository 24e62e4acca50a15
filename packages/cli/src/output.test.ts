import { ParsedOptions } from './options';
import { severitySummary, useColor } from './output';
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
