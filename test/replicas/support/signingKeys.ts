import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKeys {
  publicKeyFile: string;
  privateKeyFile: string;
}

/** An ES256 key pair in `dir` for the auth plugin's static key store. */
export function writeSigningKeys(dir: string): SigningKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keys = { publicKeyFile: join(dir, 'signing.pub.pem'), privateKeyFile: join(dir, 'signing.key.pem') };
  writeFileSync(keys.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(keys.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return keys;
}
