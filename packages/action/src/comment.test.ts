import { BOT_LOGIN, FakeGitHub } from '../test/fakeGitHub';
import { fitComment, upsertStickyComment } from './comment';
import { createGitHubClient } from './github';

const marker = '<!-- fargatekeeper:plan -->';

describe('upsertStickyComment', () => {
  let api: FakeGitHub;
  beforeEach(async () => {
    api = await new FakeGitHub().start();
    api.addPullRequest(7);
  });
  afterEach(() => api.stop());
  const target = () => ({ owner: api.owner, repo: api.repo, issueNumber: 7, author: BOT_LOGIN });
  const github = () => createGitHubClient('ghs_test', api.url);

  it('creates the comment, then updates that same comment', async () => {
    const first = await upsertStickyComment(await github(), target(), marker, `${marker}\nPlan: 1 to create`);
    expect(first.action).toBe('created');
    const second = await upsertStickyComment(await github(), target(), marker, `${marker}\nPlan: 2 to create`);
    expect(second).toMatchObject({ id: first.id, action: 'updated' });
    expect(api.commentsOn(7)).toHaveLength(1);
    expect(api.commentsOn(7)[0].body).toBe(`${marker}\nPlan: 2 to create`);
    expect(second.url).toBe(`https://github.com/octo-org/platform-specs/pull/7#issuecomment-${first.id}`);
  });

  it('finds its comment on a later page of a busy pull request', async () => {
    for (let i = 0; i < 130; i++) api.addComment(7, `LGTM ${i}`);
    const mine = api.addComment(7, `${marker}\nold plan`, 'github-actions[bot]');
    for (let i = 0; i < 40; i++) api.addComment(7, `nit ${i}`);
    const result = await upsertStickyComment(await github(), target(), marker, `${marker}\nnew plan`);
    expect(result).toMatchObject({ id: mine.id, action: 'updated' });
    expect(api.commentsOn(7)).toHaveLength(171);
    const pages = api.requests.filter(r => r.method === 'GET').map(r => r.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
  });

  it('adds the marker when the body lacks it, and does not write an unchanged body', async () => {
    const first = await upsertStickyComment(await github(), target(), marker, 'Plan: no changes');
    expect(api.commentsOn(7)[0].body).toBe(`${marker}\nPlan: no changes`);
    const again = await upsertStickyComment(await github(), target(), marker, 'Plan: no changes');
    expect(again).toMatchObject({ id: first.id, action: 'unchanged' });
    expect(api.writes()).toHaveLength(1);
  });

  it('leaves other comments alone', async () => {
    api.addComment(7, 'fargatekeeper looks good');
    await upsertStickyComment(await github(), target(), marker, 'plan');
    expect(api.commentsOn(7).map(c => c.body)).toEqual(['fargatekeeper looks good', `${marker}\nplan`]);
  });

  it("never edits another author's comment that quotes the marker: it writes its own", async () => {
    const foreign = api.addComment(7, `${marker}\nfake plan`, 'mallory');
    const result = await upsertStickyComment(await github(), target(), marker, `${marker}\nreal plan`);
    expect(result.action).toBe('created');
    expect(foreign.body).toBe(`${marker}\nfake plan`);
    expect(api.commentsOn(7).map(c => [c.login, c.body])).toEqual([
      ['mallory', `${marker}\nfake plan`],
      [BOT_LOGIN, `${marker}\nreal plan`],
    ]);
  });

  it('passes a refusal on (a fork token gets 403)', async () => {
    api.readOnly = true;
    await expect(upsertStickyComment(await github(), target(), marker, 'plan')).rejects.toMatchObject({ status: 403 });
  });
});

describe('fitComment', () => {
  it('keeps a body within the limit as it is', () => {
    expect(fitComment('short', 100)).toBe('short');
  });

  it('cuts a long body at a line, closes an open fence and details, and says where the rest is', () => {
    const body = `<details><summary>x</summary>\n\n\`\`\`diff\n${'+ line\n'.repeat(200)}\`\`\`\n</details>\n`;
    const cut = fitComment(body, 600);
    expect(cut.length).toBeLessThanOrEqual(600);
    expect(cut).toMatch(
      /\+ line\n```\n<\/details>\n\n\*\*The plan is too long for a comment; the full plan is in the job summary of this run\.\*\*\n$/,
    );
  });
});
