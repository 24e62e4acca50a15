import { EksTokenSource, eksToken, presignCallerIdentity, stsHost } from './eksToken';

// The reference values come from botocore 1.43 (the library `aws eks get-token` is built on), signing
// what its get_token.py signs with the clock fixed at 2024-01-02T03:04:05Z:
//   sts = session.create_client('sts', 'eu-west-1')   # credentials below
//   sts.meta.events.register('before-sign.sts.GetCallerIdentity', lambda request, **kw: request.headers.__setitem__('x-k8s-aws-id', 'prod-eu'))
//   url = sts.generate_presigned_url('get_caller_identity', Params={}, ExpiresIn=60, HttpMethod='GET')
//   token = 'k8s-aws-v1.' + base64.urlsafe_b64encode(url.encode()).decode().rstrip('=')
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const now = new Date('2024-01-02T03:04:05Z');

const botocoreUrl =
  'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60' +
  '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=97b10fa5411c27ec0e05e3055a014c288d810fe3b608ce769376b545c8703035';
const botocoreToken =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMuZXUtd2VzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMjQwMTAyJTJGZXUtd2VzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNDAxMDJUMDMwNDA1WiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TaWduYXR1cmU9OTdiMTBmYTU0MTFjMjdlYzBlMDVlMzA1NWEwMTRjMjg4ZDgxMGZlM2I2MDhjZTc2OTM3NmI1NDVjODcwMzAzNQ';

// The same with a session token (temporary credentials: OIDC in CI, an assumed role).
const sessionToken = 'IQoJb3JpZ2luX2VjEXAMPLE/+=token';
const botocoreSessionUrl =
  'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60' +
  '&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2F%2B%3Dtoken' +
  '&X-Amz-Signature=8efe01162b4724636ba7ee57093897a888d8b256336469a60c86227408d9be5c';

describe('EKS token', () => {
  it('presigns GetCallerIdentity byte for byte as botocore does', async () => {
    expect(await presignCallerIdentity({ cluster: 'prod-eu', region: 'eu-west-1', credentials, now })).toBe(
      botocoreUrl,
    );
  });

  it('is k8s-aws-v1. and the URL in base64url without padding', async () => {
    const token = await eksToken({ cluster: 'prod-eu', region: 'eu-west-1', credentials, now });
    expect(token).toBe(botocoreToken);
    expect(token).not.toMatch(/[=+/]/);
    expect(Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString()).toBe(botocoreUrl);
  });

  it('signs the session token of temporary credentials into the query', async () => {
    expect(
      await presignCallerIdentity({
        cluster: 'prod-eu',
        region: 'eu-west-1',
        credentials: { ...credentials, sessionToken },
        now,
      }),
    ).toBe(botocoreSessionUrl);
  });

  it('binds the token to the cluster: another cluster, another signature', async () => {
    const other = await presignCallerIdentity({ cluster: 'prod-us', region: 'eu-west-1', credentials, now });
    expect(other).not.toBe(botocoreUrl);
    expect(other.replace(/Signature=\w+/, '')).toBe(botocoreUrl.replace(/Signature=\w+/, ''));
  });

  it('uses the regional STS endpoint of the partition', () => {
    expect(stsHost('us-east-1')).toBe('sts.us-east-1.amazonaws.com');
    expect(stsHost('cn-north-1')).toBe('sts.cn-north-1.amazonaws.com.cn');
  });

  it('makes a fresh token once one is 14 minutes old, and none in between', async () => {
    let clock = now.getTime();
    let asked = 0;
    const source = new EksTokenSource(
      'prod-eu',
      'eu-west-1',
      async () => {
        asked++;
        return credentials;
      },
      () => clock,
    );
    const first = await source.token();
    expect(first).toBe(botocoreToken);
    clock += 13 * 60_000;
    expect(await source.token()).toBe(first);
    clock += 60_000;
    expect(await source.token()).not.toBe(first);
    expect(asked).toBe(2);
  });

  it('tries again after credentials failed', async () => {
    let fail = true;
    const source = new EksTokenSource(
      'prod-eu',
      'eu-west-1',
      async () => {
        if (fail) throw new Error('no credentials');
        return credentials;
      },
      () => now.getTime(),
    );
    await expect(source.token()).rejects.toThrow('no credentials');
    fail = false;
    expect(await source.token()).toBe(botocoreToken);
  });
});
