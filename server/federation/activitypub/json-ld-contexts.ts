import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ACTIVITY_STREAMS_CONTEXT, SECURITY_CONTEXT } from './contexts.js';

const require = createRequire(import.meta.url);
const IDENTITY_CONTEXT = 'https://w3id.org/identity/v1';

function readJson(modulePath: string): unknown {
  return JSON.parse(readFileSync(require.resolve(modulePath), 'utf8')) as unknown;
}

const securityV1 = readJson('security-context/contexts/security-v1.jsonld');

/**
 * The JSON-LD contexts Linked Data signatures need, shipped with the code (the `activitystreams-context` and
 * `security-context` packages): none is ever fetched. RsaSignature2017 signs its options in the identity/v1 context;
 * the only terms they use (`creator`, `created`) have the same definitions in security/v1, which stands in for it.
 */
const CONTEXTS = new Map<string, unknown>([
  [ACTIVITY_STREAMS_CONTEXT, readJson('activitystreams-context/context.json')],
  [SECURITY_CONTEXT, securityV1],
  [IDENTITY_CONTEXT, securityV1],
]);

export { IDENTITY_CONTEXT };

/** A jsonld document loader that answers from CONTEXTS and refuses every other URL. */
export function offlineDocumentLoader(url: string): Promise<{ document: object; documentUrl: string }> {
  const document = CONTEXTS.get(url);
  if (document === undefined) return Promise.reject(new Error(`JSON-LD context ${url} is not available offline`));
  return Promise.resolve({ document: document as object, documentUrl: url });
}

/** The term definitions of a context shipped with the code, or undefined for any other URL. */
export function knownContextTerms(url: string): Record<string, unknown> | undefined {
  const document = CONTEXTS.get(url) as { '@context'?: Record<string, unknown> } | undefined;
  return document?.['@context'];
}
