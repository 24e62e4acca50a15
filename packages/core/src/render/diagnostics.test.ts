import type { Diagnostic } from '../diagnostics';
import { renderDiagnosticsText } from './diagnostics';

const unknownField: Diagnostic = {
  severity: 'error',
  code: 'spec.unknown-field',
  message: 'unknown field `namspace`',
  source: { file: 'fargate/a.yaml', line: 9, column: 7 },
  path: 'spec.selectors[0].namspace',
  hint: 'did you mean `namespace`?',
};

describe('renderDiagnosticsText', () => {
  it('groups errors, warnings and notes in that order, each with where, message, path, code and hint', () => {
    const text = renderDiagnosticsText(
      [
        { severity: 'info', code: 'live.skipped', message: 'not checked', cluster: 'prod-eu' },
        {
          severity: 'warning',
          code: 'overlap.selectors',
          message: 'pods in `x` match two',
          source: { file: 'b.yaml', line: 3, column: 5 },
        },
        unknownField,
        { severity: 'error', code: 'plan.read-failed', message: 'no cluster' },
      ],
      { color: false },
    );
    expect(text).toBe(
      [
        'Errors:',
        '  fargate/a.yaml:9:7: unknown field `namspace` (spec.selectors[0].namspace) [spec.unknown-field]',
        '    hint: did you mean `namespace`?',
        '  no cluster [plan.read-failed]',
        '',
        'Warnings:',
        '  b.yaml:3:5: pods in `x` match two [overlap.selectors]',
        '',
        'Notes:',
        '  prod-eu: not checked [live.skipped]',
        '',
      ].join('\n'),
    );
  });

  it('is empty without findings', () => {
    expect(renderDiagnosticsText([], { color: true })).toBe('');
  });

  it('colours titles and codes only when asked', () => {
    expect(renderDiagnosticsText([unknownField], { color: true })).toContain('\u001b[31mErrors:\u001b[0m');
    expect(renderDiagnosticsText([unknownField], { color: true })).toContain('\u001b[90m[spec.unknown-field]\u001b[0m');
    expect(renderDiagnosticsText([unknownField], { color: false })).not.toContain('\u001b[');
  });

  it('shows control characters from specs and AWS instead of sending them to the terminal', () => {
    const text = renderDiagnosticsText(
      [
        {
          ...unknownField,
          message: 'bad \u001b[2J',
          hint: 'x\u0007',
          path: 'p\r',
          source: { file: 'f\u001b.yaml', line: 1, column: 1 },
        },
      ],
      { color: false },
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(text).toContain('f\\x1b.yaml:1:1: bad \\x1b[2J (p\\x0d)');
    expect(text).toContain('hint: x\\x07');
  });
});
