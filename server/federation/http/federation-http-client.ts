import { lookup as dnsLookup } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, request } from 'undici';
import { isPublicAddress } from './address-policy.js';

export interface FederationHttpClientOptions {
  /** Let requests reach loopback, private, link-local and other non-public addresses: tests and development only. */
  allowPrivateAddresses: boolean;
  /** Each call (connect, headers, body, every redirect hop) is abandoned after this long. */
  timeoutMs: number;
  maxResponseBytes: number;
  userAgent: string;
  /** Redirects followed by GET requests, on the same host only; default 3. */
  maxRedirects?: number;
  /** Decides which IP addresses may be connected to, overriding allowPrivateAddresses (a seam for tests). */
  isAllowedAddress?: (address: string) => boolean;
}

export interface FederationResponse {
  status: number;
  /** Lower-case names; repeated headers are joined with ', '. */
  headers: Record<string, string>;
  body: Buffer;
  /** The URL that answered, after redirects (always on the host of the requested URL). */
  url: string;
}

/** `json` holds the parsed body of a 2xx answer; other statuses are not parsed. */
export interface FederationJsonResponse<T> extends FederationResponse {
  json: T | undefined;
}

export type FederationRequestErrorKind =
  | 'refused_address'
  | 'invalid_url'
  | 'timeout'
  | 'too_large'
  | 'too_many_redirects'
  | 'cross_origin_redirect'
  | 'network'
  | 'invalid_json';

export class FederationRequestError extends Error {
  constructor(
    readonly kind: FederationRequestErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'FederationRequestError';
  }
}

export const ACTIVITY_PUB_ACCEPT =
  'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Raised by the DNS lookup of the agent, before any connection; turned into a FederationRequestError. */
class RefusedAddressError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to ${address}, which may not be contacted`);
  }
}

/** Resolves every address of the host and refuses the connection if any of them is not allowed. */
function checkedLookup(isAllowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '');
      const refused = addresses.find(({ address }) => !isAllowed(address));
      if (refused) return callback(new RefusedAddressError(hostname, refused.address), '');
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}

function findRefusedAddress(error: unknown): RefusedAddressError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof RefusedAddressError) return current;
  }
  return undefined;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function lowerCaseNames(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * The one HTTP client for outgoing federation traffic. Every connection goes to an address checked after DNS
 * resolution (so a host cannot rebind to an internal address between check and use), every call has a deadline and
 * a response size limit, and redirects are followed by hand so that each hop is checked again.
 * Redirects stay on the requested host: whatever answers is a document of the host that was asked, so a caller
 * that checks a document's id against the URL it requested checks it against the server that served it (an open
 * redirect on one instance cannot make another host's document, or key, pass for that instance's).
 * It does not sign requests: callers pass the signature headers.
 */
@Injectable()
export class FederationHttpClient implements OnApplicationShutdown {
  private readonly agent: Agent;
  private readonly isAllowedAddress: (address: string) => boolean;
  private readonly maxRedirects: number;

  constructor(private readonly options: FederationHttpClientOptions) {
    this.isAllowedAddress = options.isAllowedAddress ?? (options.allowPrivateAddresses ? () => true : isPublicAddress);
    this.maxRedirects = options.maxRedirects ?? 3;
    this.agent = new Agent({ connect: { lookup: checkedLookup(this.isAllowedAddress) } });
  }

  get(url: string, options: { headers?: Record<string, string>; accept?: string } = {}): Promise<FederationResponse> {
    const headers = lowerCaseNames(options.headers);
    if (options.accept) headers.accept = options.accept;
    return this.send('GET', url, headers);
  }

  post(
    url: string,
    body: string | Buffer,
    options: { headers?: Record<string, string>; contentType?: string } = {},
  ): Promise<FederationResponse> {
    const headers = lowerCaseNames(options.headers);
    headers['content-type'] = options.contentType ?? headers['content-type'] ?? 'application/activity+json';
    return this.send('POST', url, headers, body);
  }

  /** GET with the ActivityPub Accept header; a 2xx body that is not JSON throws an `invalid_json` error. */
  async getJson<T = unknown>(
    url: string,
    options: { headers?: Record<string, string> } = {},
  ): Promise<FederationJsonResponse<T>> {
    const response = await this.get(url, { headers: options.headers, accept: ACTIVITY_PUB_ACCEPT });
    if (response.status < 200 || response.status >= 300) return { ...response, json: undefined };
    try {
      return { ...response, json: JSON.parse(response.body.toString('utf8')) as T };
    } catch (error) {
      throw new FederationRequestError('invalid_json', `${response.url} did not answer with JSON`, { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private async send(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): Promise<FederationResponse> {
    let target = this.parseUrl(url);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      for (let redirects = 0; ; redirects++) {
        const response = await this.exchange(method, target, headers, body, deadline.signal);
        const location = response.headers.location;
        if (method !== 'GET' || !REDIRECT_STATUSES.has(response.status) || !location) return response;
        if (redirects >= this.maxRedirects) {
          throw new FederationRequestError(
            'too_many_redirects',
            `${url} redirected more than ${this.maxRedirects} times`,
          );
        }
        const next = this.parseUrl(location, target);
        if (next.host !== target.host || (target.protocol === 'https:' && next.protocol === 'http:')) {
          throw new FederationRequestError(
            'cross_origin_redirect',
            `${target.href} redirected to ${next.href}, on another host (or from https to http)`,
          );
        }
        // Headers meant for one origin (signatures, credentials) are not handed to another (http -> https).
        if (next.origin !== target.origin) headers = headers.accept ? { accept: headers.accept } : {};
        target = next;
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** One request and its response, without following redirects. */
  private async exchange(
    method: 'GET' | 'POST',
    target: URL,
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    signal: AbortSignal,
  ): Promise<FederationResponse> {
    const url = target.href;
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    // The agent's lookup only sees host names; an address written in the URL is checked here.
    if (isIP(host) && !this.isAllowedAddress(host)) {
      throw new FederationRequestError('refused_address', `${url}: address ${host} may not be contacted`);
    }
    try {
      const response = await request(url, {
        method,
        headers: { ...headers, 'user-agent': this.options.userAgent },
        body,
        signal,
        dispatcher: this.agent,
      });
      const responseHeaders = flattenHeaders(response.headers);
      const limit = this.options.maxResponseBytes;
      if (Number(responseHeaders['content-length'] ?? 0) > limit) {
        // Closes the connection; the abort error this emits is expected, not worth reporting.
        response.body.on('error', () => undefined).destroy();
        throw new FederationRequestError('too_large', `${url}: response is larger than ${limit} bytes`);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const buffer = chunk as Buffer;
        size += buffer.length;
        // Leaving the loop destroys the body, which closes the connection.
        if (size > limit) {
          throw new FederationRequestError('too_large', `${url}: response is larger than ${limit} bytes`);
        }
        chunks.push(buffer);
      }
      return { status: response.statusCode, headers: responseHeaders, body: Buffer.concat(chunks), url };
    } catch (error) {
      if (error instanceof FederationRequestError) throw error;
      if (signal.aborted) {
        throw new FederationRequestError('timeout', `${url}: no complete answer within ${this.options.timeoutMs} ms`, {
          cause: error,
        });
      }
      const refused = findRefusedAddress(error);
      if (refused) {
        throw new FederationRequestError('refused_address', `${url}: ${refused.message}`, { cause: error });
      }
      const reason = error instanceof Error ? error.message : String(error);
      throw new FederationRequestError('network', `${url}: ${reason}`, { cause: error });
    }
  }

  /** Parses a URL to request, or a redirect's Location relative to the URL that sent it. */
  private parseUrl(value: string, redirectedFrom?: URL): URL {
    const origin = redirectedFrom ? ` (redirect from ${redirectedFrom.href})` : '';
    let parsed: URL;
    try {
      parsed = new URL(value, redirectedFrom);
    } catch (error) {
      throw new FederationRequestError('invalid_url', `${value} is not a valid URL${origin}`, { cause: error });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new FederationRequestError('invalid_url', `${parsed.href} is not an http(s) URL${origin}`);
    }
    return parsed;
  }
}
