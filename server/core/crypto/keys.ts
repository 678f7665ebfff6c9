import { createHash, generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface PemKeyPair {
  publicKey: string;
  privateKey: string;
}

/** RSA-2048 in PEM (SPKI / PKCS#8), the key type Mastodon and PeerTube expect of an actor. */
export const generateRsaKeyPair = (): Promise<PemKeyPair> =>
  generateKeyPairAsync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('hex');

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');
