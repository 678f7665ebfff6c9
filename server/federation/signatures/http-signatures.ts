/**
 * HTTP Signatures for ActivityPub federation. Outgoing requests are signed the way Mastodon and PeerTube sign them
 * (draft-cavage-http-signatures-12, rsa-sha256); incoming requests are accepted when signed that way or per
 * RFC 9421 (HTTP Message Signatures, rsa-v1_5-sha256). Pure logic: no framework and no I/O besides `resolveKey`.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export interface SignRequestInput {
  method: string;
  /** Absolute URL of the request; its path and query form `(request-target)`, its host the `Host` header. */
  url: string;
  /** The body exactly as it will be sent (strings as UTF-8); when given, even empty, a `Digest` is added and signed. */
  body?: string | Buffer;
  keyId: string;
  privateKeyPem: string | KeyObject;
  now?: Date;
}

export interface IncomingSignedRequest {
  method: string;
  /** Path and query exactly as received (Node's `req.url`). */
  path: string;
  /**
   * Absolute URL as the client addressed it, used only for the RFC 9421 `@target-uri` component. When absent,
   * `https://` + Host + path is used, which is right behind a TLS-terminating proxy.
   */
  url?: string;
  /** Header fields, names in any case (Node lowercases them); repeated fields may be arrays. */
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received, before any parsing. */
  rawBody?: Buffer;
}

export interface ResolvedKey {
  publicKeyPem: string;
  /** The actor owning the key, to compare with the activity's actor. */
  ownerId: string;
}

export interface VerifyOptions {
  /** Largest accepted distance, in either direction, between the signature's date and now. */
  maxAgeMs: number;
  now?: Date;
  /** Looks a public key up by its keyId; undefined when there is none. Errors it throws are not caught. */
  resolveKey(keyId: string): Promise<ResolvedKey | undefined>;
}

export type SignatureScheme = 'cavage' | 'rfc9421';

export interface VerifiedSignature {
  ok: true;
  keyId: string;
  ownerId: string;
  scheme: SignatureScheme;
  /** The signature's bytes: the same request replayed carries the same ones. */
  signature: Buffer;
}

export type SignatureRefusalReason =
  | 'missing_signature'
  | 'malformed_signature'
  | 'unsupported_algorithm'
  | 'missing_signed_header'
  | 'stale_date'
  | 'digest_mismatch'
  | 'unknown_key'
  | 'bad_signature';

export interface SignatureRefusal {
  ok: false;
  reason: SignatureRefusalReason;
  detail: string;
}

export type SignatureVerification = VerifiedSignature | SignatureRefusal;

/** Bound on each parsed-key cache; past it the oldest entry is dropped. */
const MAX_CACHED_KEYS = 256;
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

const CAVAGE_ALGORITHMS = new Set(['rsa-sha256', 'hs2019']);
const RFC9421_ALGORITHM = 'rsa-v1_5-sha256';
const CAVAGE_REQUIRED: readonly (readonly string[])[] = [['(request-target)'], ['host'], ['date']];
const RFC9421_REQUIRED: readonly (readonly string[])[] = [
  ['@method'],
  ['@target-uri', '@path', '@request-target'],
  ['@authority', 'host'],
];
const DIGEST_FIELDS = ['digest', 'content-digest'] as const;
/** Digest algorithms by their RFC 3230 / RFC 9530 names, lowercased. */
const DIGEST_HASHES = new Map([
  ['sha-256', 'sha256'],
  ['sha-512', 'sha512'],
]);
const DERIVED_COMPONENTS = new Set(['@method', '@target-uri', '@authority', '@path', '@query', '@request-target']);
const COMPONENT_NAME = /^@?[a-z0-9!#$%&'*+.^_`|~-]+$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The `SHA-256=<base64>` value of a `Digest` header for this body (strings hashed as UTF-8). */
export function sha256Digest(body: Buffer | string): string {
  return `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
}

/** The `Date`, `Host`, `Digest` (when there is a body) and `Signature` headers to add to an outgoing request. */
export function signRequest(input: SignRequestInput): Record<string, string> {
  if (input.keyId.includes('"')) throw new TypeError('keyId must not contain a double quote');
  const url = new URL(input.url);
  const headers: Record<string, string> = { Date: (input.now ?? new Date()).toUTCString(), Host: url.host };
  const signed: [string, string][] = [
    ['(request-target)', `${input.method.toLowerCase()} ${url.pathname}${url.search}`],
    ['host', headers.Host],
    ['date', headers.Date],
  ];
  if (input.body !== undefined) {
    headers.Digest = sha256Digest(input.body);
    signed.push(['digest', headers.Digest]);
  }
  const signingString = signed.map(([name, value]) => `${name}: ${value}`).join('\n');
  const signature = sign('sha256', wireBytes(signingString), privateKeyOf(input.privateKeyPem)).toString('base64');
  const names = signed.map(([name]) => name).join(' ');
  headers.Signature = `keyId="${input.keyId}",algorithm="rsa-sha256",headers="${names}",signature="${signature}"`;
  return headers;
}

/**
 * Checks the signature of an incoming request (draft-cavage `Signature` or `Authorization: Signature`, or RFC 9421
 * `Signature-Input` + `Signature`). Cheap checks come first, so stale or incomplete requests never cost a key lookup.
 */
export async function verifyRequest(
  request: IncomingSignedRequest,
  options: VerifyOptions,
): Promise<SignatureVerification> {
  const context = requestContext(request, options);
  const candidate = prepareCandidate(context);
  if ('ok' in candidate) return candidate;
  const resolved = await options.resolveKey(candidate.keyId);
  if (!resolved) return refuse('unknown_key', `no public key is known for ${candidate.keyId}`);
  const key = publicKeyOf(resolved.publicKeyPem);
  if (!key) return refuse('unknown_key', `the public key of ${candidate.keyId} cannot be parsed`);
  if (key.asymmetricKeyType !== 'rsa') {
    return refuse('unsupported_algorithm', `${key.asymmetricKeyType ?? 'unknown'} keys are not supported`);
  }
  if (!verifies(candidate, key)) return refuse('bad_signature', `the signature does not match ${candidate.keyId}`);
  return {
    ok: true,
    keyId: candidate.keyId,
    ownerId: resolved.ownerId,
    scheme: candidate.scheme,
    signature: candidate.signature,
  };
}

/** A syntactically valid signature whose covered content has been checked, ready for the key. */
interface SignatureCandidate {
  scheme: SignatureScheme;
  keyId: string;
  /** The signing string (cavage) or signature base (RFC 9421) rebuilt from the request. */
  base: string;
  signature: Buffer;
}

interface RequestContext {
  method: string;
  path: string;
  url: string | undefined;
  headers: Map<string, string>;
  body: Buffer;
  /** A body is present or expected (any method but GET and HEAD), so a digest must be signed. */
  needsDigest: boolean;
  now: number;
  maxAgeMs: number;
}

function requestContext(request: IncomingSignedRequest, options: VerifyOptions): RequestContext {
  const body = request.rawBody ?? Buffer.alloc(0);
  const method = request.method.toUpperCase();
  return {
    method: request.method,
    path: request.path,
    url: request.url,
    headers: normalizeHeaders(request.headers),
    body,
    needsDigest: body.length > 0 || (method !== 'GET' && method !== 'HEAD'),
    now: (options.now ?? new Date()).getTime(),
    maxAgeMs: options.maxAgeMs,
  };
}

/** Lowercased names; each field's values trimmed and joined with `, `. */
function normalizeHeaders(headers: IncomingSignedRequest['headers']): Map<string, string> {
  const normalized = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values = (Array.isArray(value) ? value : [value]).map((part) => part.trim());
    const key = name.toLowerCase();
    const previous = normalized.get(key);
    normalized.set(key, [...(previous === undefined ? [] : [previous]), ...values].join(', '));
  }
  return normalized;
}

function prepareCandidate(context: RequestContext): SignatureCandidate | SignatureRefusal {
  const signatureInput = context.headers.get('signature-input');
  if (signatureInput !== undefined) return prepareRfc9421(context, signatureInput);
  const cavage = context.headers.get('signature') ?? authorizationSignature(context.headers.get('authorization'));
  if (cavage === undefined) {
    return refuse('missing_signature', 'the request has no Signature, Signature-Input or Authorization: Signature');
  }
  return prepareCavage(context, cavage);
}

/** The parameters of an `Authorization: Signature ...` header. */
function authorizationSignature(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Signature\s+(.+)$/is.exec(authorization)?.[1];
}

function prepareCavage(context: RequestContext, header: string): SignatureCandidate | SignatureRefusal {
  const params = parseCavageParams(header);
  const keyId = params?.get('keyId');
  const encoded = params?.get('signature');
  if (!params || !keyId || !encoded || !BASE64.test(encoded)) {
    return refuse('malformed_signature', 'the Signature header needs keyId and a base64 signature');
  }
  const algorithm = (params.get('algorithm') ?? 'hs2019').toLowerCase();
  if (!CAVAGE_ALGORITHMS.has(algorithm)) return refuse('unsupported_algorithm', `algorithm ${algorithm}`);
  // cavage-12: without a headers parameter only (created) is signed.
  const signed = (params.get('headers') ?? '(created)').toLowerCase().split(/\s+/).filter(Boolean);
  const problem =
    unmetRequirement(signed, requirements(CAVAGE_REQUIRED, context)) ??
    checkExpiry(optionalNumber(params.get('expires')), context) ??
    checkDate(context) ??
    checkBodyDigest(context, signed);
  if (problem) return problem;
  const lines = renderLines(
    signed,
    (name) => cavageValue(name, context, params),
    (name, value) => `${name}: ${value}`,
  );
  if (!Array.isArray(lines)) return lines;
  return { scheme: 'cavage', keyId, base: lines.join('\n'), signature: Buffer.from(encoded, 'base64') };
}

/** Strict `name="value"` (or `name=digits`) list; undefined when anything else is found or a name repeats. */
function parseCavageParams(header: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  const pattern = /\s*([A-Za-z]+)=(?:"([^"]*)"|(\d+))\s*(,|$)/y;
  while (pattern.lastIndex < header.length) {
    const match = pattern.exec(header);
    if (!match || params.has(match[1])) return undefined;
    params.set(match[1], match[2] ?? match[3]);
    if (match[4] === ',' && pattern.lastIndex === header.length) return undefined;
  }
  return params;
}

function cavageValue(name: string, context: RequestContext, params: Map<string, string>): string | undefined {
  if (name === '(request-target)') return `${context.method.toLowerCase()} ${context.path}`;
  if (name === '(created)' || name === '(expires)') return params.get(name.slice(1, -1));
  return context.headers.get(name);
}

function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function prepareRfc9421(context: RequestContext, signatureInput: string): SignatureCandidate | SignatureRefusal {
  let parsed: Rfc9421Signature;
  try {
    parsed = parseRfc9421(signatureInput, context.headers.get('signature'));
  } catch (error) {
    if (error instanceof MalformedSignatureError) return refuse('malformed_signature', error.message);
    throw error;
  }
  if (parsed.alg !== undefined && parsed.alg !== RFC9421_ALGORITHM) {
    return refuse('unsupported_algorithm', `alg ${parsed.alg}`);
  }
  const problem =
    unmetRequirement(parsed.components, requirements(RFC9421_REQUIRED, context)) ??
    checkExpiry(parsed.expires, context) ??
    checkRfc9421Created(parsed, context) ??
    checkBodyDigest(context, parsed.components);
  if (problem) return problem;
  const lines = renderLines(
    parsed.components,
    (name) => componentValue(name, context),
    (name, value) => `"${name}": ${value}`,
  );
  if (!Array.isArray(lines)) return lines;
  lines.push(`"@signature-params": ${parsed.signatureParams}`);
  return { scheme: 'rfc9421', keyId: parsed.keyId, base: lines.join('\n'), signature: parsed.signature };
}

interface Rfc9421Signature {
  components: string[];
  /** The Signature-Input member's value exactly as received. */
  signatureParams: string;
  keyId: string;
  alg?: string;
  created?: number;
  expires?: number;
  signature: Buffer;
}

/** Reads the first signature labelled in both Signature-Input and Signature. */
function parseRfc9421(signatureInput: string, signatureHeader: string | undefined): Rfc9421Signature {
  if (signatureHeader === undefined) throw new MalformedSignatureError('Signature-Input comes without Signature');
  const inputs = new StructuredFieldParser(signatureInput).dictionary();
  const signatures = new StructuredFieldParser(signatureHeader).dictionary();
  for (const [label, input] of inputs) {
    const signature = signatures.get(label)?.value;
    if (signature === undefined) continue;
    if (input.value.kind !== 'list') throw new MalformedSignatureError(`Signature-Input ${label} is not a list`);
    if (signature.kind !== 'item' || signature.bare.type !== 'bytes' || signature.bare.value.length === 0) {
      throw new MalformedSignatureError(`Signature ${label} is not a byte sequence`);
    }
    const components = input.value.items.map(componentName);
    if (new Set(components).size !== components.length) throw new MalformedSignatureError('a component repeats');
    const { params } = input.value;
    const keyId = stringParam(params, 'keyid');
    if (keyId === undefined) throw new MalformedSignatureError(`Signature-Input ${label} has no keyid`);
    return {
      components,
      signatureParams: input.raw,
      keyId,
      alg: stringParam(params, 'alg'),
      created: integerParam(params, 'created'),
      expires: integerParam(params, 'expires'),
      signature: signature.bare.value,
    };
  }
  throw new MalformedSignatureError('no Signature-Input label has a matching Signature');
}

/** A covered component identifier: a lowercase field name or a supported derived component, without parameters. */
function componentName(item: Item): string {
  const name = item.bare.type === 'string' ? item.bare.value : undefined;
  if (name === undefined || !COMPONENT_NAME.test(name) || item.params.size > 0) {
    throw new MalformedSignatureError('components must be lowercase names without parameters');
  }
  if (name.startsWith('@') && !DERIVED_COMPONENTS.has(name)) {
    throw new MalformedSignatureError(`unsupported component ${name}`);
  }
  return name;
}

function stringParam(params: Parameters, name: string): string | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value.type !== 'string') throw new MalformedSignatureError(`${name} must be a string`);
  return value.value;
}

function integerParam(params: Parameters, name: string): number | undefined {
  const value = params.get(name);
  if (value === undefined) return undefined;
  if (value.type !== 'number' || !Number.isInteger(value.value)) {
    throw new MalformedSignatureError(`${name} must be an integer`);
  }
  return value.value;
}

/** RFC 9421 §2.2 derived components, or a header field's value. */
function componentValue(name: string, context: RequestContext): string | undefined {
  const queryStart = context.path.indexOf('?');
  const path = queryStart === -1 ? context.path : context.path.slice(0, queryStart);
  const host = context.headers.get('host');
  switch (name) {
    case '@method':
      return context.method;
    case '@target-uri':
      return context.url ?? (host === undefined ? undefined : `https://${host}${context.path}`);
    case '@authority':
      return host?.toLowerCase();
    case '@path':
      return path || '/';
    case '@query':
      return queryStart === -1 ? '?' : context.path.slice(queryStart);
    case '@request-target':
      return context.path;
    default:
      return context.headers.get(name);
  }
}

/** Freshness from `created`, or from a signed Date when the signature has no `created`. */
function checkRfc9421Created(parsed: Rfc9421Signature, context: RequestContext): SignatureRefusal | undefined {
  if (parsed.created !== undefined) return checkFreshness(parsed.created * 1000, context, 'created');
  if (parsed.components.includes('date')) return checkDate(context);
  return refuse('stale_date', 'the signature has neither a created parameter nor a signed Date');
}

/** Adds the digest requirement to the scheme's required components when the request carries a body. */
function requirements(base: readonly (readonly string[])[], context: RequestContext): readonly (readonly string[])[] {
  return context.needsDigest ? [...base, DIGEST_FIELDS] : base;
}

/** Each requirement lists alternatives; refuses when none of a requirement's alternatives is covered. */
function unmetRequirement(
  covered: readonly string[],
  required: readonly (readonly string[])[],
): SignatureRefusal | undefined {
  const unmet = required.find((alternatives) => !alternatives.some((name) => covered.includes(name)));
  return unmet && refuse('missing_signed_header', `the signature must cover ${unmet.join(' or ')}`);
}

function checkExpiry(expiresSeconds: number | undefined, context: RequestContext): SignatureRefusal | undefined {
  if (expiresSeconds === undefined) return undefined;
  if (!Number.isFinite(expiresSeconds)) return refuse('malformed_signature', 'expires is not a number');
  return expiresSeconds * 1000 < context.now ? refuse('stale_date', 'the signature has expired') : undefined;
}

function checkDate(context: RequestContext): SignatureRefusal | undefined {
  const date = context.headers.get('date');
  return checkFreshness(date === undefined ? Number.NaN : Date.parse(date), context, 'Date');
}

function checkFreshness(time: number, context: RequestContext, label: string): SignatureRefusal | undefined {
  if (Number.isNaN(time)) return refuse('stale_date', `${label} is missing or unreadable`);
  const distance = Math.abs(context.now - time);
  if (distance <= context.maxAgeMs) return undefined;
  return refuse('stale_date', `${label} is ${Math.round(distance / 1000)} s away from the present`);
}

/** Every signed digest field (Digest, Content-Digest) must be present and match the raw body. */
function checkBodyDigest(context: RequestContext, covered: readonly string[]): SignatureRefusal | undefined {
  for (const field of DIGEST_FIELDS) {
    if (!covered.includes(field)) continue;
    const value = context.headers.get(field);
    const problem =
      value === undefined
        ? `${field} is signed but absent`
        : field === 'digest'
          ? digestProblem(value, context.body)
          : contentDigestProblem(value, context.body);
    if (problem) return refuse('digest_mismatch', problem);
  }
  return undefined;
}

/** RFC 3230 `Digest: SHA-256=<base64>[, SHA-512=...]`; every supported entry must match. */
function digestProblem(header: string, body: Buffer): string | undefined {
  const entries = header.split(',').flatMap((entry): [string, string][] => {
    const separator = entry.indexOf('=');
    return separator > 0 ? [[entry.slice(0, separator).trim().toLowerCase(), entry.slice(separator + 1).trim()]] : [];
  });
  const supported = supportedDigests(entries);
  if (supported.length === 0) return 'Digest has no SHA-256 or SHA-512 value';
  const mismatch = supported.some(([hash, value]) => value !== hashOf(body, hash).toString('base64'));
  return mismatch ? 'Digest does not match the body' : undefined;
}

/** RFC 9530 `Content-Digest: sha-256=:<base64>:`; every supported entry must match. */
function contentDigestProblem(header: string, body: Buffer): string | undefined {
  let members: Map<string, DictionaryMember>;
  try {
    members = new StructuredFieldParser(header).dictionary();
  } catch (error) {
    if (error instanceof MalformedSignatureError) return `Content-Digest is malformed: ${error.message}`;
    throw error;
  }
  const supported = supportedDigests(members);
  if (supported.length === 0) return 'Content-Digest has no sha-256 or sha-512 value';
  const mismatch = supported.some(
    ([hash, { value }]) =>
      value.kind !== 'item' || value.bare.type !== 'bytes' || !value.bare.value.equals(hashOf(body, hash)),
  );
  return mismatch ? 'Content-Digest does not match the body' : undefined;
}

/** The entries whose digest algorithm is supported, keyed by Node's name for the hash. */
function supportedDigests<T>(entries: Iterable<[string, T]>): [string, T][] {
  return [...entries].flatMap(([algorithm, value]): [string, T][] => {
    const hash = DIGEST_HASHES.get(algorithm);
    return hash === undefined ? [] : [[hash, value]];
  });
}

function hashOf(body: Buffer, hash: string): Buffer {
  return createHash(hash).update(body).digest();
}

/** Renders each covered component, refusing when the request lacks one of them. */
function renderLines(
  names: readonly string[],
  valueOf: (name: string) => string | undefined,
  line: (name: string, value: string) => string,
): string[] | SignatureRefusal {
  const lines: string[] = [];
  for (const name of names) {
    const value = valueOf(name);
    if (value === undefined) return refuse('missing_signed_header', `${name} is signed but absent from the request`);
    lines.push(line(name, value));
  }
  return lines;
}

function verifies(candidate: SignatureCandidate, key: KeyObject): boolean {
  try {
    return verify('sha256', wireBytes(candidate.base), key, candidate.signature);
  } catch {
    return false;
  }
}

/** Node decodes header bytes as latin1, so encoding back as latin1 yields the bytes that were signed. */
function wireBytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function privateKeyOf(key: string | KeyObject): KeyObject {
  return typeof key === 'string' ? cachedKey(privateKeys, key, createPrivateKey) : key;
}

function publicKeyOf(pem: string): KeyObject | undefined {
  try {
    return cachedKey(publicKeys, pem, createPublicKey);
  } catch {
    return undefined;
  }
}

/** Parsing a PEM costs several times a signature, so parsed keys are kept, a bounded number of them. */
function cachedKey(cache: Map<string, KeyObject>, pem: string, parse: (pem: string) => KeyObject): KeyObject {
  const cached = cache.get(pem);
  if (cached) return cached;
  const key = parse(pem);
  if (cache.size >= MAX_CACHED_KEYS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(pem, key);
  return key;
}

function refuse(reason: SignatureRefusalReason, detail: string): SignatureRefusal {
  return { ok: false, reason, detail };
}

class MalformedSignatureError extends Error {}

type BareItem =
  | { type: 'string' | 'token'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'bytes'; value: Buffer };
type Parameters = Map<string, BareItem>;
interface Item {
  kind: 'item';
  bare: BareItem;
  params: Parameters;
}
interface InnerList {
  kind: 'list';
  items: Item[];
  params: Parameters;
}
interface DictionaryMember {
  value: Item | InnerList;
  /** The member's value (after `=`) as written. */
  raw: string;
}

const SF_KEY = /[a-z*][a-z0-9_\-.*]*/y;
const SF_SPACES = / */y;
const SF_WHITESPACE = /[ \t]*/y;
const SF_STRING = /"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\["\\])*"/y;
const SF_BYTES = /:[A-Za-z0-9+/=]*:/y;
const SF_NUMBER = /-?\d{1,15}(?:\.\d{1,3})?/y;
const SF_TOKEN = /[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]*/y;
const SF_BOOLEAN = /\?[01]/y;

/** The subset of RFC 8941 structured fields these headers use: dictionaries whose members all have a value. */
class StructuredFieldParser {
  private position = 0;

  constructor(private readonly text: string) {}

  dictionary(): Map<string, DictionaryMember> {
    const members = new Map<string, DictionaryMember>();
    this.take(SF_SPACES);
    while (this.position < this.text.length) {
      const key = this.expect(SF_KEY, 'a key');
      this.expect(/=/y, "'='");
      const start = this.position;
      const value = this.text[this.position] === '(' ? this.innerList() : this.item();
      members.set(key, { value, raw: this.text.slice(start, this.position) });
      this.take(SF_WHITESPACE);
      if (this.position >= this.text.length) break;
      this.expect(/,/y, "','");
      this.take(SF_WHITESPACE);
      if (this.position >= this.text.length) throw this.error('a member after the comma');
    }
    return members;
  }

  private innerList(): InnerList {
    this.expect(/\(/y, "'('");
    const items: Item[] = [];
    for (;;) {
      this.take(SF_SPACES);
      if (this.take(/\)/y) !== undefined) return { kind: 'list', items, params: this.parameters() };
      items.push(this.item());
      if (this.text[this.position] !== ' ' && this.text[this.position] !== ')') throw this.error("' ' or ')'");
    }
  }

  private item(): Item {
    return { kind: 'item', bare: this.bareItem(), params: this.parameters() };
  }

  private parameters(): Parameters {
    const params: Parameters = new Map();
    while (this.take(/;/y) !== undefined) {
      this.take(SF_SPACES);
      const key = this.expect(SF_KEY, 'a parameter key');
      params.set(key, this.take(/=/y) === undefined ? { type: 'boolean', value: true } : this.bareItem());
    }
    return params;
  }

  private bareItem(): BareItem {
    const string = this.take(SF_STRING);
    if (string !== undefined) return { type: 'string', value: string.slice(1, -1).replace(/\\(["\\])/g, '$1') };
    const bytes = this.take(SF_BYTES);
    if (bytes !== undefined) return { type: 'bytes', value: Buffer.from(bytes.slice(1, -1), 'base64') };
    const number = this.take(SF_NUMBER);
    if (number !== undefined) return { type: 'number', value: Number(number) };
    const token = this.take(SF_TOKEN);
    if (token !== undefined) return { type: 'token', value: token };
    const boolean = this.take(SF_BOOLEAN);
    if (boolean !== undefined) return { type: 'boolean', value: boolean === '?1' };
    throw this.error('a value');
  }

  /** Consumes what the sticky pattern matches at the current position. */
  private take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (!match) return undefined;
    this.position = pattern.lastIndex;
    return match[0];
  }

  private expect(pattern: RegExp, what: string): string {
    const taken = this.take(pattern);
    if (taken === undefined) throw this.error(what);
    return taken;
  }

  private error(expected: string): MalformedSignatureError {
    return new MalformedSignatureError(`expected ${expected} at offset ${this.position} of a structured field`);
  }
}
