import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  sha256Digest,
  signRequest,
  verifyRequest,
  type IncomingSignedRequest,
  type SignatureRefusalReason,
  type SignatureVerification,
} from './http-signatures.js';

function rsaKeyPair(): { publicKey: string; privateKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

const { publicKey, privateKey } = rsaKeyPair();
const otherKey = rsaKeyPair().privateKey;

const NOW = new Date('2024-05-01T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const MAX_AGE_MS = 5 * 60_000;
const OWNER = 'https://remote.example/accounts/alice';
const KEY_ID = `${OWNER}#main-key`;
const INBOX = 'https://shoal.example/inbox';
const ACTIVITY = JSON.stringify({ type: 'Follow', actor: OWNER, object: 'https://shoal.example/accounts/bob' });

type Headers = Record<string, string>;
interface TestRequest extends IncomingSignedRequest {
  headers: Headers;
}

function verifyAt(request: IncomingSignedRequest, now = NOW): Promise<SignatureVerification> {
  return verifyRequest(request, {
    maxAgeMs: MAX_AGE_MS,
    now,
    resolveKey: (keyId) => Promise.resolve(keyId === KEY_ID ? { publicKeyPem: publicKey, ownerId: OWNER } : undefined),
  });
}

async function expectRefused(request: IncomingSignedRequest, reason: SignatureRefusalReason): Promise<void> {
  const result = await verifyAt(request);
  expect(result).toMatchObject({ ok: false, reason });
}

/** The headers as Node hands them to the server: lowercased names. */
function asReceived(headers: Headers): Headers {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** An inbox POST signed by signRequest, as the receiving server sees it. */
function signedPost(body = ACTIVITY, now = NOW): TestRequest {
  const headers = signRequest({ method: 'POST', url: INBOX, body, keyId: KEY_ID, privateKeyPem: privateKey, now });
  return {
    method: 'POST',
    path: '/inbox',
    headers: { ...asReceived(headers), 'content-type': 'application/activity+json' },
    rawBody: Buffer.from(body),
  };
}

function withHeaders(request: TestRequest, headers: Headers): TestRequest {
  return { ...request, headers: { ...request.headers, ...headers } };
}

function withoutHeader(request: TestRequest, name: string): TestRequest {
  return { ...request, headers: Object.fromEntries(Object.entries(request.headers).filter(([key]) => key !== name)) };
}

/** Rewrites one parameter of a draft-cavage Signature header. */
function withSignatureParam(request: TestRequest, name: string, value: string): TestRequest {
  const signature = request.headers.signature.replace(new RegExp(`${name}="[^"]*"`), `${name}="${value}"`);
  return withHeaders(request, { signature });
}

interface CavageOptions {
  algorithm?: string;
  privateKeyPem?: string;
  /** Extra parameters, written unquoted, that `(created)` and `(expires)` take their values from. */
  extra?: Record<string, number>;
}

/** Signs a request the draft-cavage way over any list of headers, independently of the module. */
function signCavage(request: TestRequest, names: string[], options: CavageOptions = {}): TestRequest {
  const extra = options.extra ?? {};
  const lines = names.map((name) => {
    if (name === '(request-target)') return `${name}: ${request.method.toLowerCase()} ${request.path}`;
    if (name === '(created)' || name === '(expires)') return `${name}: ${extra[name.slice(1, -1)]}`;
    return `${name}: ${request.headers[name]}`;
  });
  const signature = sign('sha256', Buffer.from(lines.join('\n')), options.privateKeyPem ?? privateKey);
  const params = [
    `keyId="${KEY_ID}"`,
    `algorithm="${options.algorithm ?? 'rsa-sha256'}"`,
    ...Object.entries(extra).map(([name, value]) => `${name}=${value}`),
    `headers="${names.join(' ')}"`,
    `signature="${signature.toString('base64')}"`,
  ];
  return withHeaders(request, { signature: params.join(',') });
}

/** An unsigned inbox POST with the headers a cavage or RFC 9421 signer covers. */
function unsignedPost(body = ACTIVITY): TestRequest {
  return {
    method: 'POST',
    path: '/inbox',
    headers: {
      host: 'shoal.example',
      date: NOW.toUTCString(),
      digest: sha256Digest(body),
      'content-digest': `sha-256=:${createHash('sha256').update(body).digest('base64')}:`,
      'content-type': 'application/activity+json',
    },
    rawBody: Buffer.from(body),
  };
}

/** RFC 9421 §2.2 component values, written independently of the module. */
function rfc9421Value(name: string, request: TestRequest): string {
  const [path, query] = request.path.split('?');
  switch (name) {
    case '@method':
      return request.method;
    case '@target-uri':
      return request.url ?? `https://${request.headers.host}${request.path}`;
    case '@authority':
      return request.headers.host;
    case '@path':
      return path;
    case '@query':
      return `?${query ?? ''}`;
    case '@request-target':
      return request.path;
    default:
      return request.headers[name];
  }
}

interface Rfc9421Options {
  /** Signature parameters after the component list, e.g. `;created=1;keyid="k"`. */
  params?: string;
  privateKeyPem?: string;
}

/** Signs a request per RFC 9421 with rsa-v1_5-sha256 under the label sig1. */
function signRfc9421(request: TestRequest, components: string[], options: Rfc9421Options = {}): TestRequest {
  const params = options.params ?? `;created=${NOW_SECONDS};keyid="${KEY_ID}";alg="rsa-v1_5-sha256"`;
  const signatureParams = `(${components.map((name) => `"${name}"`).join(' ')})${params}`;
  const base = [
    ...components.map((name) => `"${name}": ${rfc9421Value(name, request)}`),
    `"@signature-params": ${signatureParams}`,
  ].join('\n');
  const signature = sign('sha256', Buffer.from(base), options.privateKeyPem ?? privateKey).toString('base64');
  return withHeaders(request, { 'signature-input': `sig1=${signatureParams}`, signature: `sig1=:${signature}:` });
}

const RFC9421_POST = ['@method', '@target-uri', '@authority', 'content-digest', 'date'];

describe('sha256Digest', () => {
  it('hashes strings as UTF-8 and buffers as they are', () => {
    expect(sha256Digest('')).toBe('SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
    expect(sha256Digest('é')).toBe(sha256Digest(Buffer.from('c3a9', 'hex')));
  });
});

describe('signRequest', () => {
  it('adds Date, Host, Digest and a Signature over the request target, host, date and digest', () => {
    const headers = signRequest({
      method: 'POST',
      url: 'https://shoal.example:8443/users/bob/inbox?x=1',
      body: ACTIVITY,
      keyId: KEY_ID,
      privateKeyPem: privateKey,
      now: NOW,
    });
    expect(headers.Date).toBe('Wed, 01 May 2024 12:00:00 GMT');
    expect(headers.Host).toBe('shoal.example:8443');
    expect(headers.Digest).toBe(sha256Digest(ACTIVITY));
    const match = /^keyId="([^"]+)",algorithm="rsa-sha256",headers="([^"]+)",signature="([^"]+)"$/.exec(
      headers.Signature,
    );
    expect(match?.slice(1, 3)).toEqual([KEY_ID, '(request-target) host date digest']);
    const signingString = [
      '(request-target): post /users/bob/inbox?x=1',
      'host: shoal.example:8443',
      `date: ${headers.Date}`,
      `digest: ${headers.Digest}`,
    ].join('\n');
    expect(verify('sha256', Buffer.from(signingString), publicKey, Buffer.from(match?.[3] ?? '', 'base64'))).toBe(true);
  });

  it('signs a GET without a body over the request target, host and date only', () => {
    const headers = signRequest({ method: 'GET', url: OWNER, keyId: KEY_ID, privateKeyPem: privateKey, now: NOW });
    expect(headers).not.toHaveProperty('Digest');
    expect(headers.Signature).toContain('headers="(request-target) host date"');
  });

  it('refuses a keyId that would break out of its quotes', () => {
    expect(() => signRequest({ method: 'GET', url: OWNER, keyId: 'a",x="', privateKeyPem: privateKey })).toThrow(
      TypeError,
    );
  });
});

describe('verifyRequest with draft-cavage signatures', () => {
  it('accepts a signed POST and names the key and its owner', async () => {
    expect(await verifyAt(signedPost())).toMatchObject({ ok: true, keyId: KEY_ID, ownerId: OWNER, scheme: 'cavage' });
  });

  it('accepts a signed GET, which has no digest', async () => {
    const headers = signRequest({
      method: 'GET',
      url: `${OWNER}?page=2`,
      keyId: KEY_ID,
      privateKeyPem: privateKey,
      now: NOW,
    });
    const request = { method: 'GET', path: '/accounts/alice?page=2', headers: asReceived(headers) };
    expect(await verifyAt(request)).toMatchObject({ ok: true, scheme: 'cavage' });
  });

  it('accepts header names in any case and the signature in Authorization', async () => {
    const headers = signRequest({
      method: 'POST',
      url: INBOX,
      body: ACTIVITY,
      keyId: KEY_ID,
      privateKeyPem: privateKey,
      now: NOW,
    });
    const { Signature, ...others } = headers;
    const request = { method: 'POST', path: '/inbox', headers: { ...others, Authorization: `Signature ${Signature}` } };
    expect(await verifyAt({ ...request, rawBody: Buffer.from(ACTIVITY) })).toMatchObject({ ok: true });
  });

  it('accepts hs2019, a missing algorithm and a signature up to maxAge old or early', async () => {
    await expect(verifyAt(withSignatureParam(signedPost(), 'algorithm', 'hs2019'))).resolves.toMatchObject({
      ok: true,
    });
    const noAlgorithm = signedPost();
    const signature = noAlgorithm.headers.signature.replace('algorithm="rsa-sha256",', '');
    await expect(verifyAt(withHeaders(noAlgorithm, { signature }))).resolves.toMatchObject({ ok: true });
    await expect(verifyAt(signedPost(), new Date(NOW.getTime() + MAX_AGE_MS))).resolves.toMatchObject({ ok: true });
    await expect(verifyAt(signedPost(), new Date(NOW.getTime() - MAX_AGE_MS))).resolves.toMatchObject({ ok: true });
  });

  it('accepts (created) and (expires) and a Content-Digest in place of Digest', async () => {
    const extra = { created: NOW_SECONDS, expires: NOW_SECONDS + 60 };
    const names = ['(request-target)', '(created)', '(expires)', 'host', 'date', 'content-digest'];
    const request = signCavage(unsignedPost(), names, { algorithm: 'hs2019', extra });
    expect(await verifyAt(request)).toMatchObject({ ok: true, scheme: 'cavage' });
  });

  it('accepts a Digest that also carries a matching SHA-512', async () => {
    const sha512 = createHash('sha512').update(ACTIVITY).digest('base64');
    const request = unsignedPost();
    const digest = `${request.headers.digest}, SHA-512=${sha512}`;
    const signed = signCavage(withHeaders(request, { digest }), ['(request-target)', 'host', 'date', 'digest']);
    expect(await verifyAt(signed)).toMatchObject({ ok: true });
  });

  describe('refuses', () => {
    const signedHeaders = ['(request-target)', 'host', 'date', 'digest'];

    it('a request without any signature', async () => {
      const unsigned = withoutHeader(signedPost(), 'signature');
      await expectRefused(unsigned, 'missing_signature');
      await expectRefused(withHeaders(unsigned, { authorization: 'Bearer abc' }), 'missing_signature');
    });

    it('a tampered body', async () => {
      await expectRefused(
        { ...signedPost(), rawBody: Buffer.from(ACTIVITY.replace('Follow', 'Block')) },
        'digest_mismatch',
      );
    });

    it('a POST whose raw body was not captured', async () => {
      await expectRefused({ ...signedPost(), rawBody: undefined }, 'digest_mismatch');
    });

    it('a POST with an empty body that signs no digest', async () => {
      const empty = { ...unsignedPost(), rawBody: undefined };
      await expectRefused(signCavage(empty, ['(request-target)', 'host', 'date']), 'missing_signed_header');
    });

    it('a wrong Digest header', async () => {
      await expectRefused(withHeaders(signedPost(), { digest: sha256Digest('something else') }), 'digest_mismatch');
      await expectRefused(withHeaders(signedPost(), { digest: 'MD5=1B2M2Y8AsgTpgAmY7PhCfg==' }), 'digest_mismatch');
      const sha512 = createHash('sha512').update('something else').digest('base64');
      const digest = `${signedPost().headers.digest},SHA-512=${sha512}`;
      await expectRefused(signCavage(withHeaders(unsignedPost(), { digest }), signedHeaders), 'digest_mismatch');
    });

    it('a signed digest header that is absent', async () => {
      await expectRefused(withoutHeader(signedPost(), 'digest'), 'digest_mismatch');
    });

    it('a wrong Content-Digest', async () => {
      const names = ['(request-target)', 'host', 'date', 'content-digest'];
      const wrong = withHeaders(unsignedPost(), { 'content-digest': `sha-256=:${sha256Digest('x').slice(8)}:` });
      await expectRefused(signCavage(wrong, names), 'digest_mismatch');
      await expectRefused(
        signCavage(withHeaders(unsignedPost(), { 'content-digest': 'sha-256=abc' }), names),
        'digest_mismatch',
      );
    });

    it('a Date older or later than maxAge', async () => {
      await expectRefused(signedPost(ACTIVITY, new Date(NOW.getTime() - MAX_AGE_MS - 1000)), 'stale_date');
      await expectRefused(signedPost(ACTIVITY, new Date(NOW.getTime() + MAX_AGE_MS + 1000)), 'stale_date');
    });

    it('a missing or unreadable Date', async () => {
      await expectRefused(signCavage(withHeaders(unsignedPost(), { date: 'yesterday' }), signedHeaders), 'stale_date');
      await expectRefused(withoutHeader(signCavage(unsignedPost(), signedHeaders), 'date'), 'stale_date');
    });

    it('an expired signature', async () => {
      const extra = { expires: NOW_SECONDS - 1 };
      await expectRefused(signCavage(unsignedPost(), [...signedHeaders, '(expires)'], { extra }), 'stale_date');
    });

    it.each([
      ['digest', ['(request-target)', 'host', 'date']],
      ['host', ['(request-target)', 'date', 'digest']],
      ['date', ['(request-target)', 'host', 'digest']],
      ['(request-target)', ['host', 'date', 'digest']],
    ])('a signature that leaves %s unsigned', async (_name, names) => {
      await expectRefused(signCavage(unsignedPost(), names), 'missing_signed_header');
    });

    it('a signature without a headers list, which covers only (created)', async () => {
      const signed = signedPost();
      const signature = signed.headers.signature.replace(/headers="[^"]*",/, '');
      await expectRefused(withHeaders(signed, { signature }), 'missing_signed_header');
    });

    it('a signed header the request does not have', async () => {
      await expectRefused(signCavage(unsignedPost(), [...signedHeaders, 'x-missing']), 'missing_signed_header');
    });

    it('a Date changed after signing', async () => {
      const date = new Date(NOW.getTime() + 1000).toUTCString();
      await expectRefused(withHeaders(signedPost(), { date }), 'bad_signature');
    });

    it('a request replayed to another path or with another method', async () => {
      await expectRefused({ ...signedPost(), path: '/users/bob/inbox' }, 'bad_signature');
      await expectRefused({ ...signedPost(), method: 'PUT' }, 'bad_signature');
    });

    it('an unknown keyId', async () => {
      await expectRefused(withSignatureParam(signedPost(), 'keyId', `${OWNER}#other-key`), 'unknown_key');
    });

    it.each(['rsa-sha512', 'hmac-sha256', 'ecdsa-sha256', 'ed25519'])('algorithm %s', async (algorithm) => {
      await expectRefused(withSignatureParam(signedPost(), 'algorithm', algorithm), 'unsupported_algorithm');
    });

    it.each([
      'garbage',
      'keyId="a"',
      'signature="c2ln"',
      'keyId="a",signature="not base64!"',
      'keyId="a",signature="c2ln",',
      'keyId="a",,signature="c2ln"',
      'keyId="a" signature="c2ln"',
      'keyId="a",keyId="b",signature="c2ln"',
      'keyId="a,signature="c2ln"',
      'keyId=a,signature="c2ln"',
      '',
    ])('the malformed Signature %j', async (signature) => {
      await expectRefused(withHeaders(signedPost(), { signature }), 'malformed_signature');
    });

    it('a signature made with another key', async () => {
      await expectRefused(signCavage(unsignedPost(), signedHeaders, { privateKeyPem: otherKey }), 'bad_signature');
      const forged = signRequest({
        method: 'POST',
        url: INBOX,
        body: ACTIVITY,
        keyId: KEY_ID,
        privateKeyPem: otherKey,
        now: NOW,
      });
      await expectRefused({ ...signedPost(), headers: asReceived(forged) }, 'bad_signature');
    });

    it('a key that is not RSA', async () => {
      const ed25519 = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
      const result = await verifyRequest(signedPost(), {
        maxAgeMs: MAX_AGE_MS,
        now: NOW,
        resolveKey: () => Promise.resolve({ publicKeyPem: ed25519, ownerId: OWNER }),
      });
      expect(result).toMatchObject({ ok: false, reason: 'unsupported_algorithm' });
    });

    it('a key that cannot be parsed', async () => {
      const result = await verifyRequest(signedPost(), {
        maxAgeMs: MAX_AGE_MS,
        now: NOW,
        resolveKey: () => Promise.resolve({ publicKeyPem: 'not a key', ownerId: OWNER }),
      });
      expect(result).toMatchObject({ ok: false, reason: 'unknown_key' });
    });
  });
});

describe('verifyRequest with RFC 9421 signatures', () => {
  it('accepts a signed POST', async () => {
    const request = signRfc9421(unsignedPost(), RFC9421_POST);
    expect(await verifyAt(request)).toMatchObject({ ok: true, keyId: KEY_ID, ownerId: OWNER, scheme: 'rfc9421' });
  });

  it('builds the signature base of RFC 9421 §2.5 byte for byte', async () => {
    const body = '{"hello": "world"}';
    const signatureParams =
      '("@method" "@authority" "@path" "content-digest" "content-length" "content-type");created=1618884473;keyid="test-key-rsa-pss"';
    const base = [
      '"@method": POST',
      '"@authority": example.com',
      '"@path": /foo',
      '"content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
      '"content-length": 18',
      '"content-type": application/json',
      `"@signature-params": ${signatureParams}`,
    ].join('\n');
    const signature = sign('sha256', Buffer.from(base), privateKey).toString('base64');
    const request: IncomingSignedRequest = {
      method: 'POST',
      path: '/foo?param=Value&Pet=dog',
      headers: {
        host: 'example.com',
        date: 'Tue, 20 Apr 2021 02:07:55 GMT',
        'content-type': 'application/json',
        'content-digest':
          'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
        'content-length': '18',
        'signature-input': `sig-b21=${signatureParams}`,
        signature: `sig-b21=:${signature}:`,
      },
      rawBody: Buffer.from(body),
    };
    const result = await verifyRequest(request, {
      maxAgeMs: MAX_AGE_MS,
      now: new Date(1618884473_000 + 1000),
      resolveKey: (keyId) =>
        Promise.resolve(keyId === 'test-key-rsa-pss' ? { publicKeyPem: publicKey, ownerId: OWNER } : undefined),
    });
    expect(result).toMatchObject({ ok: true, scheme: 'rfc9421' });
  });

  it('accepts a GET covering @path, @query, @request-target and host, with alg inferred from the key', async () => {
    const request: TestRequest = {
      method: 'GET',
      path: '/accounts/alice/outbox?page=true',
      headers: { host: 'shoal.example' },
    };
    const components = ['@method', '@path', '@query', '@request-target', 'host'];
    const signed = signRfc9421(request, components, { params: `;created=${NOW_SECONDS};keyid="${KEY_ID}"` });
    expect(await verifyAt(signed)).toMatchObject({ ok: true, scheme: 'rfc9421' });
  });

  it('uses the given URL for @target-uri, and https with the Host otherwise', async () => {
    const request: TestRequest = {
      method: 'GET',
      path: '/accounts/alice',
      url: 'http://shoal.example:8080/accounts/alice',
      headers: { host: 'shoal.example:8080' },
    };
    const signed = signRfc9421(request, ['@method', '@target-uri', '@authority']);
    expect(await verifyAt(signed)).toMatchObject({ ok: true });
    await expectRefused({ ...signed, url: undefined }, 'bad_signature');
    const derived = signRfc9421({ ...request, url: undefined }, ['@method', '@target-uri', '@authority']);
    expect(await verifyAt(derived)).toMatchObject({ ok: true });
  });

  it('accepts a signed Digest in place of Content-Digest', async () => {
    const request = signRfc9421(unsignedPost(), ['@method', '@path', '@authority', 'digest', 'date']);
    expect(await verifyAt(request)).toMatchObject({ ok: true });
  });

  it('takes freshness from a signed Date when there is no created parameter', async () => {
    const request = signRfc9421(unsignedPost(), RFC9421_POST, { params: `;keyid="${KEY_ID}"` });
    expect(await verifyAt(request)).toMatchObject({ ok: true });
  });

  it('verifies the first labelled signature that is present in both headers', async () => {
    const request = signRfc9421(unsignedPost(), RFC9421_POST);
    const signatureInput = `proxy=("@method");keyid="https://proxy.example/key", ${request.headers['signature-input']}`;
    const signed = withHeaders(request, { 'signature-input': signatureInput });
    expect(await verifyAt(signed)).toMatchObject({ ok: true, scheme: 'rfc9421' });
  });

  describe('refuses', () => {
    it('a tampered body', async () => {
      const request = signRfc9421(unsignedPost(), RFC9421_POST);
      await expectRefused({ ...request, rawBody: Buffer.from('{}') }, 'digest_mismatch');
    });

    it('a tampered method, target or signature parameters', async () => {
      const request = signRfc9421(unsignedPost(), RFC9421_POST);
      await expectRefused({ ...request, method: 'PUT' }, 'bad_signature');
      await expectRefused({ ...request, url: 'https://shoal.example/users/bob/inbox' }, 'bad_signature');
      const signatureInput = request.headers['signature-input'].replace(
        `created=${NOW_SECONDS}`,
        `created=${NOW_SECONDS + 1}`,
      );
      await expectRefused(withHeaders(request, { 'signature-input': signatureInput }), 'bad_signature');
    });

    it('a signature made with another key', async () => {
      await expectRefused(signRfc9421(unsignedPost(), RFC9421_POST, { privateKeyPem: otherKey }), 'bad_signature');
    });

    it.each([
      ['content-digest', ['@method', '@target-uri', '@authority', 'date']],
      ['@authority', ['@method', '@target-uri', 'content-digest', 'date']],
      ['@method', ['@target-uri', '@authority', 'content-digest', 'date']],
      ['the target', ['@method', '@authority', 'content-digest', 'date']],
    ])('a signature that leaves %s uncovered', async (_name, components) => {
      await expectRefused(signRfc9421(unsignedPost(), components), 'missing_signed_header');
    });

    it('a covered header the request does not have', async () => {
      await expectRefused(signRfc9421(unsignedPost(), [...RFC9421_POST, 'x-missing']), 'missing_signed_header');
    });

    it('a stale, early or expired signature, or one without a date', async () => {
      const at = (created: number): string => `;created=${created};keyid="${KEY_ID}"`;
      const maxAge = MAX_AGE_MS / 1000;
      await expectRefused(
        signRfc9421(unsignedPost(), RFC9421_POST, { params: at(NOW_SECONDS - maxAge - 1) }),
        'stale_date',
      );
      await expectRefused(
        signRfc9421(unsignedPost(), RFC9421_POST, { params: at(NOW_SECONDS + maxAge + 1) }),
        'stale_date',
      );
      const expired = `${at(NOW_SECONDS)};expires=${NOW_SECONDS - 1}`;
      await expectRefused(signRfc9421(unsignedPost(), RFC9421_POST, { params: expired }), 'stale_date');
      const undated = ['@method', '@target-uri', '@authority', 'content-digest'];
      await expectRefused(signRfc9421(unsignedPost(), undated, { params: `;keyid="${KEY_ID}"` }), 'stale_date');
      const oldDate = withHeaders(unsignedPost(), { date: new Date(NOW.getTime() - 2 * MAX_AGE_MS).toUTCString() });
      await expectRefused(signRfc9421(oldDate, RFC9421_POST, { params: `;keyid="${KEY_ID}"` }), 'stale_date');
    });

    it.each(['rsa-pss-sha512', 'ecdsa-p256-sha256', 'hmac-sha256', 'ed25519'])('alg %s', async (alg) => {
      const params = `;created=${NOW_SECONDS};keyid="${KEY_ID}";alg="${alg}"`;
      await expectRefused(signRfc9421(unsignedPost(), RFC9421_POST, { params }), 'unsupported_algorithm');
    });

    it('an unknown keyid', async () => {
      const params = `;created=${NOW_SECONDS};keyid="${OWNER}#other-key"`;
      await expectRefused(signRfc9421(unsignedPost(), RFC9421_POST, { params }), 'unknown_key');
    });

    it.each([
      ['an unparsable Signature-Input', { 'signature-input': 'sig1=("@method"' }],
      ['a Signature-Input without keyid', { 'signature-input': `sig1=("@method");created=${NOW_SECONDS}` }],
      ['a keyid that is not a string', { 'signature-input': `sig1=("@method");keyid=abc` }],
      ['a created that is not an integer', { 'signature-input': `sig1=("@method");keyid="k";created=1.5` }],
      ['a component that is not a string', { 'signature-input': `sig1=(@method);keyid="k"` }],
      ['an uppercase component', { 'signature-input': `sig1=("Host");keyid="k"` }],
      ['a component with parameters', { 'signature-input': `sig1=("@query-param";name="a");keyid="k"` }],
      ['an unsupported derived component', { 'signature-input': `sig1=("@status");keyid="k"` }],
      ['a repeated component', { 'signature-input': `sig1=("host" "host");keyid="k"` }],
      ['a label without a signature', { signature: 'sig2=:c2ln:' }],
      ['a signature that is not a byte sequence', { signature: 'sig1="c2ln"' }],
      ['an empty signature', { signature: 'sig1=::' }],
      ['a trailing comma', { signature: 'sig1=:c2ln:,' }],
    ])('%s', async (_case, headers) => {
      const request = signRfc9421(unsignedPost(), RFC9421_POST);
      await expectRefused(withHeaders(request, headers), 'malformed_signature');
    });

    it('a Signature-Input without a Signature', async () => {
      await expectRefused(withoutHeader(signRfc9421(unsignedPost(), RFC9421_POST), 'signature'), 'malformed_signature');
    });
  });
});
