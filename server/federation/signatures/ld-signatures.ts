import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import jsonld from 'jsonld';
import type { ActivityPubSignature } from '../../../shared/models/activitypub/activity.js';
import { IDENTITY_CONTEXT, offlineDocumentLoader } from '../activitypub/json-ld-contexts.js';

type JsonObject = Record<string, unknown>;

/**
 * Linked Data signatures as Mastodon and PeerTube make them (RsaSignature2017): RSA-SHA256 over
 * sha256hex(URDNA2015 of the options) + sha256hex(URDNA2015 of the document without its signature). They let an
 * activity be forwarded by another server and still be checked against its author's key.
 */
export async function signLinkedData<T extends JsonObject>(
  document: T,
  signer: { creator: string; privateKeyPem: string | KeyObject; created?: Date },
): Promise<T & { signature: ActivityPubSignature }> {
  const created = (signer.created ?? new Date()).toISOString();
  const key = typeof signer.privateKeyPem === 'string' ? createPrivateKey(signer.privateKeyPem) : signer.privateKeyPem;
  const signatureValue = sign('sha256', Buffer.from(await toBeSigned(document, signer.creator, created)), key);
  return {
    ...document,
    signature: {
      type: 'RsaSignature2017',
      creator: signer.creator,
      created,
      signatureValue: signatureValue.toString('base64'),
    },
  };
}

/** Whether the document's RsaSignature2017 was made by the key `publicKeyPem` over this very document. */
export async function verifyLinkedData(document: JsonObject, publicKeyPem: string): Promise<boolean> {
  const signature = document.signature as Partial<ActivityPubSignature> | undefined;
  if (signature?.type !== 'RsaSignature2017' || typeof signature.signatureValue !== 'string') return false;
  if (typeof signature.creator !== 'string' || typeof signature.created !== 'string') return false;
  const unsigned = Object.fromEntries(Object.entries(document).filter(([key]) => key !== 'signature'));
  try {
    const data = await toBeSigned(unsigned, signature.creator, signature.created);
    const key: KeyObject = createPublicKey(publicKeyPem);
    return verify('sha256', Buffer.from(data), key, Buffer.from(signature.signatureValue, 'base64'));
  } catch {
    // A document that cannot be canonicalized (an unknown remote context) carries no usable signature.
    return false;
  }
}

/**
 * Why the time of a document's Linked Data signature is not acceptable, or undefined when it is: a signature does
 * not expire by itself, so a relayer could otherwise replay an activity signed years ago.
 */
export function signatureTimeProblem(
  document: JsonObject,
  limits: { maxAgeMs: number; maxSkewMs: number; now?: number },
): string | undefined {
  const created = (document.signature as Partial<ActivityPubSignature> | undefined)?.created;
  const time = typeof created === 'string' ? Date.parse(created) : Number.NaN;
  if (Number.isNaN(time)) return 'the Linked Data signature has no valid creation date';
  const now = limits.now ?? Date.now();
  if (now - time > limits.maxAgeMs) return `the Linked Data signature was made ${created}, too long ago`;
  if (time - now > limits.maxSkewMs) return `the Linked Data signature was made ${created}, in the future`;
  return undefined;
}

async function toBeSigned(document: JsonObject, creator: string, created: string): Promise<string> {
  const options = { '@context': IDENTITY_CONTEXT, creator, created };
  const [optionsHash, documentHash] = await Promise.all([canonicalHash(options), canonicalHash(document)]);
  return optionsHash + documentHash;
}

async function canonicalHash(document: JsonObject): Promise<string> {
  const nquads = await jsonld.canonize(document, {
    algorithm: 'URDNA2015',
    format: 'application/n-quads',
    documentLoader: offlineDocumentLoader,
    // As Mastodon and PeerTube do: terms no context defines are dropped, not an error.
    safe: false,
  } as jsonld.Options.Normalize & { safe: boolean });
  return createHash('sha256').update(nquads).digest('hex');
}
