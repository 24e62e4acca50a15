import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';

/** What EKS's authenticator expects in front of the encoded URL. */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';
/** The signed header that binds the token to one cluster. */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';
/**
 * `X-Amz-Expires` of the presigned URL, as `aws eks get-token` and aws-iam-authenticator set it. STS
 * ignores it: the URL is good for 15 minutes after `X-Amz-Date`, and EKS accepts it for that long.
 */
export const PRESIGN_EXPIRES_SECONDS = 60;
/** How long a token is used before a fresh one is made (aws-iam-authenticator: 1 minute before the 15 are up). */
export const TOKEN_LIFETIME_MS = 14 * 60_000;

/** SHA-256 for the signer, over Node's crypto (the signer wants a `Checksum` class). */
class Sha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
}

function bytes(data: SourceData): Uint8Array | string {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

/** The regional STS host of a region (`sts.<region>.amazonaws.com`, `.amazonaws.com.cn` in China). */
export function stsHost(region: string): string {
  return `sts.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
}

/** RFC 3986 escaping, as SigV4 canonicalises query values. */
const escape = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The presigned query in the order botocore writes it: the call, then the signature parameters. */
const QUERY_ORDER = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

export interface PresignInput {
  cluster: string;
  region: string;
  credentials: AwsCredentialIdentity;
  /** The signing time (default now). */
  now?: Date;
}

/**
 * A presigned STS `GetCallerIdentity` URL (GET, SigV4 in the query, the `x-k8s-aws-id: <cluster>`
 * header signed, 60 s), exactly as `aws eks get-token` makes it: EKS calls it to learn who holds the token.
 */
export async function presignCallerIdentity(input: PresignInput): Promise<string> {
  const hostname = stsHost(input.region);
  const signer = new SignatureV4({
    service: 'sts',
    region: input.region,
    credentials: input.credentials,
    sha256: Sha256,
    uriEscapePath: true,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      headers: { host: hostname, [CLUSTER_ID_HEADER]: input.cluster },
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
    },
    { expiresIn: PRESIGN_EXPIRES_SECONDS, ...(input.now ? { signingDate: input.now } : {}) },
  );
  const query = signed.query as Record<string, string>;
  const keys = [
    ...QUERY_ORDER.filter(k => k in query),
    ...Object.keys(query)
      .filter(k => !QUERY_ORDER.includes(k))
      .sort(),
  ];
  return `https://${hostname}/?${keys.map(k => `${escape(k)}=${escape(query[k]!)}`).join('&')}`;
}

/** The bearer token EKS accepts: `k8s-aws-v1.` and the presigned URL in base64url without padding. */
export const tokenOfUrl = (url: string): string => EKS_TOKEN_PREFIX + Buffer.from(url, 'utf8').toString('base64url');

export async function eksToken(input: PresignInput): Promise<string> {
  return tokenOfUrl(await presignCallerIdentity(input));
}

/**
 * Tokens for one cluster, made from the credentials on first use and again once one is 14 minutes old
 * (a long apply outlives a token). Concurrent callers share one signing.
 */
export class EksTokenSource {
  private current?: { token: Promise<string>; madeAt: number };

  constructor(
    private readonly cluster: string,
    private readonly region: string,
    private readonly credentials: AwsCredentialIdentityProvider,
    private readonly now: () => number = Date.now,
  ) {}

  token(): Promise<string> {
    const at = this.now();
    if (!this.current || at - this.current.madeAt >= TOKEN_LIFETIME_MS) {
      const token = this.credentials().then(credentials =>
        eksToken({ cluster: this.cluster, region: this.region, credentials, now: new Date(at) }),
      );
      const made = { token, madeAt: at };
      this.current = made;
      // A failed signing (no credentials yet) is not kept: the next call tries again.
      token.catch(() => {
        if (this.current === made) this.current = undefined;
      });
    }
    return this.current.token;
  }
}
