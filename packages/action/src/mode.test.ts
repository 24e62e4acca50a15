import type { RunContext } from './context';
import { resolveMode } from './mode';
import {
  pullRequestEvent,
  pushEvent,
  scheduleEvent,
  workflowDispatchEvent,
  type GitHubEvent,
} from '../test/fixtures/events';

const contextOf = (event: GitHubEvent): RunContext => ({
  eventName: event.name,
  payload: event.payload,
  owner: 'octo-org',
  repo: 'platform-specs',
  sha: event.sha,
  ref: event.ref,
  apiUrl: 'https://api.github.com',
  serverUrl: 'https://github.com',
  workspace: '/home/runner/work/platform-specs/platform-specs',
  tempDir: '/home/runner/work/_temp',
});

describe('resolveMode', () => {
  it.each([
    ['pull_request opened', pullRequestEvent({ action: 'opened', number: 7, headSha: 'a'.repeat(40) }), 'plan'],
    [
      'pull_request synchronize',
      pullRequestEvent({ action: 'synchronize', number: 7, headSha: 'b'.repeat(40) }),
      'plan',
    ],
    [
      'pull_request_target',
      pullRequestEvent({ action: 'opened', number: 7, headSha: 'a'.repeat(40), eventName: 'pull_request_target' }),
      'plan',
    ],
    ['push to main', pushEvent({ after: 'c'.repeat(40) }), 'apply'],
    ['push to another branch', pushEvent({ after: 'c'.repeat(40), branch: 'payments-fargate' }), 'plan'],
    ['schedule', scheduleEvent(), 'drift'],
    ['workflow_dispatch', workflowDispatchEvent(), 'drift'],
  ])('auto on %s → %s', (_name, event, mode) => {
    expect(resolveMode('auto', contextOf(event)).mode).toBe(mode);
  });

  it('says why in the log line', () => {
    expect(resolveMode('auto', contextOf(pushEvent({ after: 'c'.repeat(40) }))).reason).toBe(
      'push to the default branch main → apply',
    );
    expect(resolveMode('auto', contextOf(pushEvent({ after: 'c'.repeat(40), branch: 'wip' }))).reason).toBe(
      'push to refs/heads/wip, not the default branch main → plan',
    );
  });

  it('lets the mode input override the event', () => {
    expect(
      resolveMode('drift', contextOf(pullRequestEvent({ action: 'opened', number: 7, headSha: 'a'.repeat(40) }))),
    ).toEqual({
      mode: 'drift',
      reason: "mode input 'drift'",
    });
    expect(resolveMode('apply', contextOf(scheduleEvent())).mode).toBe('apply');
  });
});
