import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScriptedAnswer } from '../../../../test/support/githubFailures';

/** One call the stand-in received, as the tests assert it. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization?: string;
  body?: any;
}

export interface StandInPull {
  number: number;
  title: string;
  body: string;
  head: string;
  base: string;
  headSha: string;
  labels: string[];
  author: string;
  draft?: boolean;
  state: 'open' | 'closed';
  statuses?: { state: 'success' | 'failure' | 'pending' | 'error'; context: string }[];
  checkRuns?: { status: 'queued' | 'in_progress' | 'completed'; conclusion?: string | null; name: string }[];
}

/**
 * A local HTTP server standing in for the parts of the GitHub REST API the plugin uses: spec files
 * (tree, blobs, contents; created, updated at their blob sha, deleted), refs (created once, moved by
 * force, deleted), pull requests (listed by state, base and `owner:branch` head; one open per head and
 * base, as GitHub refuses a second), labels, commit statuses and check runs. It keeps per-branch files
 * in memory and records every call, so tests assert exactly what was sent (branch ref, file content,
 * PR body) and the dev backend can open requests with no GitHub. Each call is answered in one turn of
 * the event loop once its body is in, so concurrent calls see each other's effects as GitHub's would.
 * Tests can script failures (5xx, rate limits, a request never answered) ahead of the usual answers.
 */
export class GithubStandIn {
  readonly calls: RecordedCall[] = [];
  readonly pulls: StandInPull[] = [];
  /** branch → path → content. */
  readonly branches = new Map<string, Map<string, string>>();
  /** Answer the next `POST /pulls` with this status (e.g. 422 "a pull request already exists"). */
  failNextPull?: number;
  private server?: Server;
  private readonly scripts: { method: string; path: RegExp; answers: ScriptedAnswer[] }[] = [];
  private readonly hanging: ServerResponse[] = [];
  private commitCount = 0;

  constructor(
    readonly owner: string,
    readonly repo: string,
    files: Record<string, string> = {},
    readonly baseBranch = 'main',
  ) {
    this.branches.set(baseBranch, new Map(Object.entries(files)));
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the GitHub stand-in is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch(error => send(res, 500, { message: String(error) }));
    });
    await new Promise<void>(resolve => this.server!.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Answer the next calls of `method` on a path matching `path` with these, in order; then as usual. */
  script(method: string, path: RegExp, ...answers: ScriptedAnswer[]): void {
    this.scripts.push({ method, path, answers });
  }

  callsTo(method: string, pathPattern: RegExp): RecordedCall[] {
    return this.calls.filter(c => c.method === method && pathPattern.test(c.path));
  }

  private sha(kind: string): string {
    this.commitCount += 1;
    return `${kind}${String(this.commitCount).padStart(40 - kind.length, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const raw = await readBody(req);
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      ...(raw ? { body: JSON.parse(raw) } : {}),
    };
    this.calls.push(call);
    const scripted = this.scripts
      .find(s => s.method === call.method && s.path.test(call.path) && s.answers.length > 0)
      ?.answers.shift();
    if (scripted === 'hang') return void this.hanging.push(res);
    if (scripted) return send(res, scripted.status, scripted.body ?? {}, scripted.headers);

    const prefix = `/repos/${this.owner}/${this.repo}/`;
    if (!call.path.startsWith(prefix)) return send(res, 404, { message: 'Not Found' });
    const rest = call.path.slice(prefix.length);
    const body = call.body ?? {};
    let m: RegExpExecArray | null;

    if (call.method === 'GET' && (m = /^git\/trees\/(.+)$/.exec(rest))) {
      const files = this.branches.get(m[1]!);
      if (!files) return send(res, 404, { message: 'Not Found' });
      const tree = [...files.keys()].map(path => ({
        path,
        type: 'blob',
        sha: blobSha(files.get(path)!),
        mode: '100644',
      }));
      return send(res, 200, { sha: this.sha('tree'), tree, truncated: false });
    }
    if (call.method === 'GET' && (m = /^git\/blobs\/(.+)$/.exec(rest))) {
      for (const files of this.branches.values())
        for (const content of files.values())
          if (blobSha(content) === m[1]) {
            return send(res, 200, { sha: m[1], content: Buffer.from(content).toString('base64'), encoding: 'base64' });
          }
      return send(res, 404, { message: 'Not Found' });
    }
    if (call.method === 'GET' && (m = /^contents\/(.+)$/.exec(rest))) {
      const content = this.branches.get(call.query.ref ?? this.baseBranch)?.get(m[1]!);
      if (content === undefined) return send(res, 404, { message: 'Not Found' });
      return send(res, 200, {
        type: 'file',
        path: m[1],
        sha: blobSha(content),
        content: Buffer.from(content).toString('base64'),
        encoding: 'base64',
      });
    }
    if (call.method === 'GET' && (m = /^git\/ref\/heads\/(.+)$/.exec(rest))) {
      if (!this.branches.has(m[1]!)) return send(res, 404, { message: 'Not Found' });
      return send(res, 200, { ref: `refs/heads/${m[1]}`, object: { sha: `base-of-${m[1]}`, type: 'commit' } });
    }
    if (call.method === 'POST' && rest === 'git/refs') {
      const branch = String(body.ref).replace(/^refs\/heads\//, '');
      if (this.branches.has(branch)) return send(res, 422, { message: 'Reference already exists' });
      this.branches.set(branch, new Map(this.branches.get(this.baseBranch)));
      return send(res, 201, { ref: body.ref, object: { sha: body.sha, type: 'commit' } });
    }
    if (call.method === 'PATCH' && (m = /^git\/refs\/heads\/(.+)$/.exec(rest))) {
      if (!this.branches.has(m[1]!)) return send(res, 422, { message: 'Reference does not exist' });
      // Refs point at the base head only here (its sha as `git/ref` answers it): moving one there resets its files.
      if (body.sha !== `base-of-${this.baseBranch}` || body.force !== true)
        return send(res, 422, { message: 'Update is not a fast forward' });
      this.branches.set(m[1]!, new Map(this.branches.get(this.baseBranch)));
      return send(res, 200, { ref: `refs/heads/${m[1]}`, object: { sha: body.sha, type: 'commit' } });
    }
    if (call.method === 'DELETE' && (m = /^git\/refs\/heads\/(.+)$/.exec(rest))) {
      if (!this.branches.delete(m[1]!)) return send(res, 422, { message: 'Reference does not exist' });
      res.writeHead(204).end();
      return;
    }
    if (call.method === 'PUT' && (m = /^contents\/(.+)$/.exec(rest))) {
      const files = this.branches.get(body.branch ?? this.baseBranch);
      if (!files) return send(res, 404, { message: 'Branch not found' });
      const current = files.get(m[1]!);
      if (current !== undefined && !body.sha) return send(res, 422, { message: '"sha" wasn\'t supplied.' });
      if (current !== undefined && body.sha !== blobSha(current))
        return send(res, 409, { message: `${m[1]} does not match ${body.sha}` });
      const content = Buffer.from(body.content, 'base64').toString('utf8');
      files.set(m[1]!, content);
      return send(res, 201, {
        content: { path: m[1], sha: blobSha(content) },
        commit: { sha: this.sha('commit'), message: body.message },
      });
    }
    if (call.method === 'DELETE' && (m = /^contents\/(.+)$/.exec(rest))) {
      const files = this.branches.get(body.branch ?? this.baseBranch);
      const current = files?.get(m[1]!);
      if (!files || current === undefined) return send(res, 404, { message: 'Not Found' });
      if (body.sha !== blobSha(current)) return send(res, 409, { message: `${m[1]} does not match ${body.sha}` });
      files.delete(m[1]!);
      return send(res, 200, { content: null, commit: { sha: this.sha('commit'), message: body.message } });
    }
    if (call.method === 'POST' && rest === 'pulls') {
      if (this.failNextPull) {
        const status = this.failNextPull;
        this.failNextPull = undefined;
        return send(res, status, { message: 'Validation Failed' });
      }
      if (this.pulls.some(p => p.state === 'open' && p.head === body.head && p.base === body.base)) {
        return send(res, 422, {
          message: 'Validation Failed',
          errors: [
            {
              resource: 'PullRequest',
              code: 'custom',
              message: `A pull request already exists for ${this.owner}:${body.head}.`,
            },
          ],
        });
      }
      const pull: StandInPull = {
        number: this.pulls.length + 1,
        title: body.title,
        body: body.body,
        head: body.head,
        base: body.base,
        headSha: this.sha('head'),
        labels: [],
        author: 'fargatekeeper-bot',
        state: 'open',
      };
      this.pulls.push(pull);
      return send(res, 201, this.pullJson(pull));
    }
    if (call.method === 'POST' && (m = /^issues\/(\d+)\/labels$/.exec(rest))) {
      const pull = this.pulls.find(p => p.number === Number(m![1]));
      if (!pull) return send(res, 404, { message: 'Not Found' });
      pull.labels.push(...(body.labels as string[]).filter(l => !pull.labels.includes(l)));
      return send(
        res,
        200,
        pull.labels.map(name => ({ name })),
      );
    }
    if (call.method === 'GET' && rest === 'pulls') {
      const { state = 'open', base, head } = call.query;
      const listed = this.pulls.filter(
        p =>
          (state === 'all' || p.state === state) &&
          (!base || p.base === base) &&
          (!head || head === `${this.owner}:${p.head}`),
      );
      return send(
        res,
        200,
        listed.map(p => this.pullJson(p)),
      );
    }
    if (call.method === 'GET' && (m = /^commits\/([^/]+)\/status$/.exec(rest))) {
      const statuses = this.pulls.find(p => p.headSha === m![1])?.statuses ?? [];
      return send(res, 200, { state: statuses.length ? statuses[0]!.state : 'pending', statuses });
    }
    if (call.method === 'GET' && (m = /^commits\/([^/]+)\/check-runs$/.exec(rest))) {
      const runs = this.pulls.find(p => p.headSha === m![1])?.checkRuns ?? [];
      return send(res, 200, {
        total_count: runs.length,
        check_runs: runs.map((r, i) => ({ id: i + 1, conclusion: null, ...r })),
      });
    }
    return send(res, 404, { message: `the stand-in does not serve ${call.method} ${call.path}` });
  }

  private pullJson(pull: StandInPull) {
    const html = `https://github.com/${this.owner}/${this.repo}/pull/${pull.number}`;
    return {
      number: pull.number,
      title: pull.title,
      body: pull.body,
      state: pull.state,
      draft: pull.draft ?? false,
      html_url: html,
      user: { login: pull.author },
      labels: pull.labels.map(name => ({ name })),
      head: { ref: pull.head, sha: pull.headSha },
      base: { ref: pull.base },
      created_at: '2026-01-02T03:04:05Z',
      updated_at: '2026-01-02T03:04:05Z',
    };
  }
}

/** Stands in for git's content hash: equal contents, equal ids. */
function blobSha(content: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < content.length; i++) h = Math.imul(h ^ content.charCodeAt(i), 0x01000193);
  return `blob${(h >>> 0).toString(16).padStart(36, '0')}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

export { failures, type ScriptedAnswer } from '../../../../test/support/githubFailures';
