import { serverIssuesOf } from './serverIssues';

describe('serverIssuesOf', () => {
  it("reads the bad fields and core's findings out of a refused request's error body", () => {
    const error = {
      body: {
        error: {
          name: 'InputError',
          message: 'bad request',
          fields: [{ path: 'selectors[0].namespace', message: 'Required' }],
          diagnostics: [
            {
              severity: 'error',
              code: 'eks.too-many-selectors',
              message: 'at most 5 selectors',
              path: 'spec.selectors',
            },
          ],
        },
      },
    };
    expect(serverIssuesOf(error)).toEqual([
      { severity: 'error', code: 'request.invalid-field', message: 'Required', path: 'selectors[0].namespace' },
      { severity: 'error', code: 'eks.too-many-selectors', message: 'at most 5 selectors', path: 'spec.selectors' },
    ]);
  });

  it('finds nothing in other errors', () => {
    expect(serverIssuesOf(new Error('network down'))).toEqual([]);
    expect(serverIssuesOf(undefined)).toEqual([]);
  });
});
