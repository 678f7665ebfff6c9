/** `name[:port]`, lowercase: how servers and blocklist entries are keyed. */
const HOST_PATTERN = /^(?=.{1,255}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;

/** The normalized host, or undefined when the text is not a host name with an optional port. */
export function normalizeHost(text: string): string | undefined {
  const host = text.trim().toLowerCase();
  return HOST_PATTERN.test(host) ? host : undefined;
}

/** The host of an absolute URL, normalized like the servers table keys it. */
export function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}
