import { readInputs } from './inputs';

// The runner hands inputs over as INPUT_<NAME> with the name upper-cased and hyphens kept.
function withInputs(inputs: Record<string, string>, body: () => void): void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs))
    process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  try {
    body();
  } finally {
    process.env = saved;
  }
}

describe('readInputs', () => {
  it('applies the documented defaults when the runner passes nothing', () => {
    withInputs({}, () => {
      expect(readInputs()).toEqual({
        specs: 'fargate',
        mode: 'auto',
        cluster: undefined,
        awsRegion: undefined,
        githubToken: '',
        comment: true,
        timeoutMinutes: undefined,
        simulatedAccount: undefined,
        callPolicy: { timeoutMs: 30_000, attempts: 3 },
        onUnreviewedChange: 'fail',
        commentAuthor: undefined,
        podImpact: false,
        recyclePending: false,
      });
    });
  });

  it('reads every input under the name the runner forms (INPUT_GITHUB-TOKEN, hyphens kept)', () => {
    withInputs(
      {
        specs: 'infra/fargate',
        mode: 'Drift',
        cluster: 'prod-eu',
        'aws-region': 'eu-west-1',
        'github-token': 'ghs_abc',
        comment: 'FALSE',
        'timeout-minutes': '30',
        'simulated-account': 'sim.json',
        'call-timeout': '1m30s',
        'call-attempts': '5',
        'on-unreviewed-change': 'Warn',
        'comment-author': 'fargate-bot[bot]',
      },
      () => {
        expect(process.env['INPUT_GITHUB-TOKEN']).toBe('ghs_abc');
        expect(readInputs()).toEqual({
          specs: 'infra/fargate',
          mode: 'drift',
          cluster: 'prod-eu',
          awsRegion: 'eu-west-1',
          githubToken: 'ghs_abc',
          comment: false,
          timeoutMinutes: 30,
          simulatedAccount: 'sim.json',
          callPolicy: { timeoutMs: 90_000, attempts: 5 },
          onUnreviewedChange: 'warn',
          commentAuthor: 'fargate-bot[bot]',
          podImpact: false,
          recyclePending: false,
        });
      },
    );
  });

  it('reads pod-impact, and recycle-pending as implying it', () => {
    withInputs({ 'pod-impact': 'true' }, () =>
      expect(readInputs()).toMatchObject({ podImpact: true, recyclePending: false }),
    );
    withInputs({ 'recycle-pending': 'true' }, () =>
      expect(readInputs()).toMatchObject({ podImpact: true, recyclePending: true }),
    );
  });

  it.each([
    [{ 'pod-impact': 'yes' }, "Input 'pod-impact' must be true or false (got 'yes')"],
    [{ mode: 'destroy' }, "Input 'mode' must be one of auto, plan, apply, drift (got 'destroy')"],
    [{ comment: 'yes' }, "Input 'comment' must be true or false (got 'yes')"],
    [{ 'timeout-minutes': 'ten' }, "Input 'timeout-minutes' must be a positive number of minutes (got 'ten')"],
    [{ 'timeout-minutes': '0' }, "Input 'timeout-minutes' must be a positive number of minutes (got '0')"],
    [{ 'call-timeout': 'soon' }, "Input 'call-timeout' must be a duration such as 30s or 300ms (got 'soon')"],
    [{ 'call-attempts': '0' }, "Input 'call-attempts' must be a whole number of at least 1 (got '0')"],
    [{ 'on-unreviewed-change': 'ignore' }, "Input 'on-unreviewed-change' must be one of fail, warn (got 'ignore')"],
    [{ 'call-attempts': '2.5' }, "Input 'call-attempts' must be a whole number of at least 1 (got '2.5')"],
  ])('refuses %j with a message naming the input', (inputs, message) => {
    withInputs(inputs, () => expect(() => readInputs()).toThrow(message));
  });
});
