import { Agent, createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP load balancer on 127.0.0.1 that sends each request to the next of its backends in turn and
 * names the one that answered in `x-replica` (its index). Bodies are streamed both ways; upstream
 * connections are kept alive, as a real balancer keeps them.
 */
export class RoundRobinProxy {
  private readonly server: Server;
  private readonly agent = new Agent({ keepAlive: true });
  private next = 0;

  constructor(private readonly backends: string[]) {
    this.server = createServer((req, res) => {
      const index = this.next++ % this.backends.length;
      const target = new URL(req.url ?? '/', this.backends[index]);
      const upstream = request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host }, agent: this.agent },
        answer => {
          res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-replica': String(index) });
          answer.pipe(res);
        },
      );
      upstream.on('error', error => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`proxy: ${error.message}`);
      });
      req.pipe(upstream);
    });
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>(resolve => this.server.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    this.agent.destroy();
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}
