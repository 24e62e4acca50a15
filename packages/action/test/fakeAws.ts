import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local endpoint for AWS_ENDPOINT_URL: it records what the SDK sends (service and region from the
 * SigV4 credential scope, the access key, the operation) and answers STS GetCallerIdentity; EKS says
 * the cluster does not exist and every other call is refused, in each protocol's own error format.
 * Enough to show that the bundled SDK uses the standard credential chain and honours the endpoint.
 */
export interface AwsRequest {
  service: string;
  region: string;
  accessKeyId: string;
  method: string;
  path: string;
  /** `Action=` of query protocols (STS, EC2, IAM) or the JSON target header. */
  operation?: string;
}

export class FakeAws {
  readonly requests: AwsRequest[] = [];
  url = '';
  private server?: Server;

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const scope = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(request.headers.authorization ?? '');
    const url = new URL(request.url ?? '/', this.url);
    const recorded: AwsRequest = {
      accessKeyId: scope?.[1] ?? '',
      region: scope?.[2] ?? '',
      service: scope?.[3] ?? '',
      method: request.method ?? 'GET',
      path: url.pathname,
      operation: new URLSearchParams(body).get('Action') ?? (request.headers['x-amz-target'] as string | undefined),
    };
    this.requests.push(recorded);
    const id = `req-${this.requests.length}`;
    if (recorded.service === 'sts' && recorded.operation === 'GetCallerIdentity') {
      return send(
        response,
        200,
        'text/xml',
        `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:sts::210987654321:assumed-role/fargatekeeper-plan/GitHubActions</Arn>
    <UserId>AROAEXAMPLEID:GitHubActions</UserId>
    <Account>210987654321</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>`,
      );
    }
    if (recorded.service === 'eks') {
      const cluster = /^\/clusters\/([^/]+)/.exec(url.pathname)?.[1] ?? '';
      response.setHeader('x-amzn-errortype', 'ResourceNotFoundException');
      return send(
        response,
        404,
        'application/json',
        JSON.stringify({ message: `No cluster found for name: ${cluster}.` }),
      );
    }
    if (recorded.service === 'ec2') {
      return send(
        response,
        403,
        'text/xml',
        `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>${id}</RequestID></Response>`,
      );
    }
    if (recorded.service === 'iam') {
      return send(
        response,
        403,
        'text/xml',
        `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: ${recorded.operation}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
      );
    }
    response.setHeader('x-amzn-errortype', 'AccessDeniedException');
    return send(
      response,
      400,
      'application/x-amz-json-1.1',
      JSON.stringify({ __type: 'AccessDeniedException', Message: 'not authorized' }),
    );
  }
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'x-amzn-requestid': 'fake' });
  response.end(body);
}
