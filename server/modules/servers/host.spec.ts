import { describe, expect, it } from 'vitest';
import { hostOf, normalizeHost } from './host.js';

describe('normalizeHost', () => {
  it.each([
    ['Video.Example', 'video.example'],
    [' peertube.example:9000 ', 'peertube.example:9000'],
    ['localhost', 'localhost'],
  ])('keys %j as %j', (text, host) => expect(normalizeHost(text)).toBe(host));

  it.each(['', 'https://video.example', 'video.example/path', 'a..b', '-bad.example', 'x.example:port', 'a b'])(
    'refuses %j',
    (text) => expect(normalizeHost(text)).toBeUndefined(),
  );

  it('takes the host of URLs, with the port', () => {
    expect(hostOf('https://Video.Example:8443/accounts/peertube')).toBe('video.example:8443');
  });
});
