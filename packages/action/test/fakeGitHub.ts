import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { notFound, readOnlyError, type ScriptedAnswer } from '../../../test/support/githubFailures';

/**
 * A stand-in for the GitHub REST API on 127.0.0.1 (random port): the handful of endpoints the action
 * calls, answering with real-shaped JSON, paginating with `Link` headers as GitHub does, refusing
 * writes with 403 like a fork's read-only token, answering scripted failures (5xx, rate limits, a
 * request never answered) when a test asks, and recording every request for the tests to read.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. `/repos/octo-org/platform-specs/issues/7/comments`. */
  path: string;
  query: Record<string, string>;
  body?: Record<string, unknown>;
  authorization?: string;
}

export interface FakeComment {
  id: number;
  issueNumber: number;
  body: string;
  login: string;
  createdAt: string;
  updatedAt: string;
  /** Who last edited the body (GraphQL's `IssueComment.editor`); undefined while never edited. */
  editor?: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  /** Pull requests are issues too in the issues API. */
  isPullRequest: boolean;
}

export interface AssociatedPull {
  number: number;
  mergeCommitSha?: string;
  mergedAt?: string;
  state?: 'open' | 'closed';
}

export const BOT_LOGIN = 'github-actions[bot]';

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments: FakeComment[] = [];
  readonly issues: FakeIssue[] = [];
  /** `GET /repos/{o}/{r}/commits/{sha}/pulls` answers. */
  readonly commitPulls = new Map<string, AssociatedPull[]>();
  /** Refuse every write with 403 "Resource not accessible by integration". */
  readOnly = false;
  /**
   * Whom a token acts as: an installation token (`ghs_`) writes as `github-actions[bot]` and may not call
   * `GET /user`; any other token is a user's, named here (default `mona`).
   */
  userLogins = new Map<string, string>();
  private readonly scripts: { method: string; path: RegExp; answers: ScriptedAnswer[] }[] = [];
  private readonly hanging: ServerResponse[] = [];
  private nextCommentId = 1_000_000_001;
  private server?: Server;
  url = '';

  constructor(
    readonly owner = 'octo-org',
    readonly repo = 'platform-specs',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(error => reply(response, 500, { message: String(error) }));
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  get htmlBase(): string {
    return `https://github.com/${this.owner}/${this.repo}`;
  }

  addPullRequest(number: number): void {
    this.issues.push({
      number,
      title: `Pull request #${number}`,
      body: '',
      state: 'open',
      labels: [],
      isPullRequest: true,
    });
  }

  addIssue(issue: Omit<FakeIssue, 'isPullRequest'>): void {
    this.issues.push({ ...issue, isPullRequest: false });
  }

  addComment(issueNumber: number, body: string, login = 'octocat'): FakeComment {
    const at = new Date(Date.UTC(2026, 0, 1) + this.comments.length * 60_000).toISOString();
    const comment = { id: this.nextCommentId++, issueNumber, body, login, createdAt: at, updatedAt: at };
    this.comments.push(comment);
    return comment;
  }

  /** Someone edits a comment in the web UI: body, `updated_at` and the editor change, the author does not. */
  editComment(comment: FakeComment, body: string, editor: string): void {
    comment.body = body;
    comment.updatedAt = new Date(Date.parse(comment.updatedAt) + 1000).toISOString();
    comment.editor = editor;
  }

  /** The login a request's token writes as. */
  loginOf(authorization: string | undefined): string {
    const token = (authorization ?? '').replace(/^(token|bearer) /i, '');
    return token.startsWith('ghs_') ? BOT_LOGIN : (this.userLogins.get(token) ?? 'mona');
  }

  commentsOn(issueNumber: number): FakeComment[] {
    return this.comments.filter(c => c.issueNumber === issueNumber);
  }

  /** Answer the next requests of `method` on a path matching `path` with these, in order; then as usual. */
  script(method: string, path: RegExp, ...answers: ScriptedAnswer[]): void {
    this.scripts.push({ method, path, answers });
  }

  /** Requests that changed something (anything but GET). */
  writes(): RecordedRequest[] {
    return this.requests.filter(r => r.method !== 'GET');
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const raw = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined,
      authorization: request.headers.authorization,
    };
    this.requests.push(recorded);
    if (!request.headers.authorization) return reply(response, 401, { message: 'Requires authentication' });
    const scripted = this.scripts
      .find(s => s.method === recorded.method && s.path.test(url.pathname) && s.answers.length > 0)
      ?.answers.shift();
    if (scripted === 'hang') return void this.hanging.push(response);
    if (scripted) return reply(response, scripted.status, scripted.body ?? {}, scripted.headers);

    if (recorded.method === 'GET' && url.pathname === '/user') {
      // GitHub refuses GET /user to installation tokens, the workflow token included.
      if (this.loginOf(recorded.authorization) === BOT_LOGIN)
        return reply(response, 403, {
          ...readOnlyError,
          documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
        });
      return reply(response, 200, { login: this.loginOf(recorded.authorization), id: 583231, type: 'User' });
    }
    if (recorded.method === 'POST' && url.pathname === '/graphql') return this.graphql(response, recorded.body ?? {});

    const prefix = `/repos/${this.owner}/${this.repo}`;
    if (!url.pathname.startsWith(`${prefix}/`)) return reply(response, 404, notFound);
    const route = `${recorded.method} ${url.pathname.slice(prefix.length)}`;
    if (recorded.method !== 'GET' && this.readOnly) {
      return reply(response, 403, readOnlyError, {
        'x-accepted-github-permissions': 'issues=write; pull_requests=write',
      });
    }

    let match: RegExpMatchArray | null;
    if ((match = route.match(/^GET \/issues\/(\d+)\/comments$/))) {
      const number = Number(match[1]);
      if (!this.issues.some(i => i.number === number)) return reply(response, 404, notFound);
      const list = this.commentsOn(number).map(c => this.commentJson(c));
      return this.replyPage(response, url, list);
    }
    if ((match = route.match(/^POST \/issues\/(\d+)\/comments$/))) {
      const number = Number(match[1]);
      if (!this.issues.some(i => i.number === number)) return reply(response, 404, notFound);
      const comment = this.addComment(number, String(recorded.body?.body ?? ''), this.loginOf(recorded.authorization));
      return reply(response, 201, this.commentJson(comment));
    }
    if ((match = route.match(/^PATCH \/issues\/comments\/(\d+)$/))) {
      const comment = this.comments.find(c => c.id === Number(match![1]));
      if (!comment) return reply(response, 404, notFound);
      this.editComment(comment, String(recorded.body?.body ?? ''), this.loginOf(recorded.authorization));
      return reply(response, 200, this.commentJson(comment));
    }
    if ((match = route.match(/^GET \/commits\/([0-9a-f]{7,40})\/pulls$/))) {
      return reply(
        response,
        200,
        (this.commitPulls.get(match[1]) ?? []).map(p => this.pullJson(p)),
      );
    }
    if (route === 'GET /issues') {
      const labels = (recorded.query.labels ?? '').split(',').filter(Boolean);
      const state = recorded.query.state ?? 'open';
      const list = this.issues
        .filter(i => state === 'all' || i.state === state)
        .filter(i => labels.every(l => i.labels.includes(l)))
        .map(i => this.issueJson(i));
      return this.replyPage(response, url, list);
    }
    if ((match = route.match(/^PATCH \/issues\/(\d+)$/))) {
      const issue = this.issues.find(i => i.number === Number(match![1]));
      if (!issue) return reply(response, 404, notFound);
      const body = recorded.body ?? {};
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'open' || body.state === 'closed') issue.state = body.state;
      if (Array.isArray(body.labels)) issue.labels = body.labels.map(String);
      return reply(response, 200, this.issueJson(issue));
    }
    if (route === 'POST /issues') {
      const number = Math.max(0, ...this.issues.map(i => i.number)) + 1;
      const labels = (recorded.body?.labels as string[] | undefined) ?? [];
      const issue: FakeIssue = {
        number,
        title: String(recorded.body?.title ?? ''),
        body: String(recorded.body?.body ?? ''),
        state: 'open',
        labels,
        isPullRequest: false,
      };
      this.issues.push(issue);
      return reply(response, 201, this.issueJson(issue));
    }
    return reply(response, 404, notFound);
  }

  /** The one GraphQL query the action sends: who last edited a comment (bots without `[bot]`, as GraphQL names them). */
  private graphql(response: ServerResponse, body: Record<string, unknown>): void {
    const id = String((body.variables as Record<string, unknown> | undefined)?.id ?? '');
    const comment = this.comments.find(c => `IC_kwDO${c.id}` === id);
    if (!String(body.query ?? '').includes('editor'))
      return reply(response, 200, { errors: [{ message: 'unexpected query' }] });
    const editor = comment?.editor && { login: comment.editor.replace(/\[bot\]$/, '') };
    reply(response, 200, { data: { node: comment ? { editor: editor ?? null } : null } });
  }

  /** GitHub's pagination: `per_page` (default 30, max 100), `page`, and a `Link` header with next/last. */
  private replyPage(response: ServerResponse, url: URL, items: unknown[]): void {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(url);
      target.searchParams.set('page', String(n));
      return `<${target}>; rel="${rel}"`;
    };
    const links = [];
    if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
    if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
    reply(
      response,
      200,
      items.slice((page - 1) * perPage, page * perPage),
      links.length ? { link: links.join(', ') } : {},
    );
  }

  private commentJson(c: FakeComment) {
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    return {
      url: `${api}/issues/comments/${c.id}`,
      html_url: `${this.htmlBase}/pull/${c.issueNumber}#issuecomment-${c.id}`,
      issue_url: `${api}/issues/${c.issueNumber}`,
      id: c.id,
      node_id: `IC_kwDO${c.id}`,
      user: {
        login: c.login,
        id: c.login === BOT_LOGIN ? 41898282 : 583231,
        type: c.login === BOT_LOGIN ? 'Bot' : 'User',
      },
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      author_association: c.login === BOT_LOGIN ? 'NONE' : 'MEMBER',
      body: c.body,
      reactions: { total_count: 0 },
    };
  }

  private issueJson(i: FakeIssue) {
    const api = `${this.url}/repos/${this.owner}/${this.repo}`;
    const kind = i.isPullRequest ? 'pull' : 'issues';
    return {
      url: `${api}/issues/${i.number}`,
      html_url: `${this.htmlBase}/${kind}/${i.number}`,
      id: 2_000_000_000 + i.number,
      number: i.number,
      title: i.title,
      body: i.body,
      state: i.state,
      labels: i.labels.map((name, index) => ({ id: 7_000_000 + index, name, color: 'ededed', default: false })),
      user: { login: BOT_LOGIN, type: 'Bot' },
      comments: this.commentsOn(i.number).length,
      ...(i.isPullRequest
        ? { pull_request: { url: `${api}/pulls/${i.number}`, html_url: `${this.htmlBase}/pull/${i.number}` } }
        : {}),
    };
  }

  private pullJson(p: AssociatedPull) {
    return {
      url: `${this.url}/repos/${this.owner}/${this.repo}/pulls/${p.number}`,
      html_url: `${this.htmlBase}/pull/${p.number}`,
      number: p.number,
      state: p.state ?? (p.mergedAt ? 'closed' : 'open'),
      title: `Pull request #${p.number}`,
      merged_at: p.mergedAt ?? null,
      merge_commit_sha: p.mergeCommitSha ?? null,
      base: { ref: 'main', repo: { full_name: `${this.owner}/${this.repo}` } },
    };
  }
}

function reply(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export { failures, type ScriptedAnswer } from '../../../test/support/githubFailures';
