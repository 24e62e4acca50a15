import { readInputs } from './inputs';
import { sourceOf } from './planning';

// The inputs of ownership and the delete guards: `max-deletes`, `targets`, and the source the Action plans for.
function withInputs(inputs: Record<string, string>, body: () => void): void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
  try {
    body();
  } finally {
    process.env = saved;
  }
}

describe('max-deletes and targets', () => {
  it('are absent by default', () => {
    withInputs({}, () => expect(readInputs()).toMatchObject({ maxDeletes: undefined, targets: undefined }));
  });

  it('read a whole number and a comma- or newline-separated list of selectors', () => {
    withInputs({ 'max-deletes': '0', targets: 'prod-*, payments\n  staging\n' }, () =>
      expect(readInputs()).toMatchObject({ maxDeletes: 0, targets: ['prod-*', 'payments', 'staging'] }),
    );
  });

  it.each([
    [{ 'max-deletes': 'two' }, "Input 'max-deletes' must be a whole number of at least 0 (got 'two')"],
    [{ 'max-deletes': '-1' }, "Input 'max-deletes' must be a whole number of at least 0 (got '-1')"],
    [{ targets: 'prod eu' }, "Input 'targets': `prod eu` may hold only letters, digits"],
  ])('refuses %j naming the input', (inputs, message) => {
    withInputs(inputs, () => expect(() => readInputs()).toThrow(message));
  });
});

describe('sourceOf', () => {
  const repo = { owner: 'acme', repo: 'infra' };
  it('is GITHUB_REPOSITORY and the specs folder inside it', () => {
    expect(sourceOf(repo, 'teams/payments/fargate')).toEqual({ source: 'acme/infra:teams/payments/fargate' });
    expect(sourceOf(repo, './fargate/')).toEqual({ source: 'acme/infra:fargate' });
  });
  it('is just the repository for its root', () => {
    expect(sourceOf(repo, '.')).toEqual({ source: 'acme/infra' });
    expect(sourceOf(repo, './')).toEqual({ source: 'acme/infra' });
  });
});
