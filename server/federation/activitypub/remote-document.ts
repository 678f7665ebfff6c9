/** A document from another server that is not what it must be; it is refused, never stored. */
export class InvalidRemoteDocument extends Error {}

/** The origin answered 404 or 410: the document does not exist (any more). */
export class RemoteDocumentGone extends InvalidRemoteDocument {}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An http(s) URL, or an InvalidRemoteDocument naming the field. */
export function urlField(document: JsonObject, field: string): string {
  const value = document[field];
  if (typeof value !== 'string') throw new InvalidRemoteDocument(`${field} is missing`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidRemoteDocument(`${field} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InvalidRemoteDocument(`${field} is not http(s)`);
  return url.href;
}

/** The id of an object given by id or embedded. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.id === 'string') return value.id;
  return undefined;
}

/**
 * The ids a reference field names: servers write one reference or an array of them, each an id string or an
 * embedded object with an `id` (PeerTube 8 writes `attributedTo` as strings, older servers as `{ type, id }`).
 */
export function referencesOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).map(idOf).filter((id) => id !== undefined);
}

/** The host of a URL as servers are keyed (`name[:port]`, lowercase); undefined when it is not a URL. */
export function hostOfUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return undefined;
  }
}
