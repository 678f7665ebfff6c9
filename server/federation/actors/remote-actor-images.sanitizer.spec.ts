import { describe, expect, it } from 'vitest';
import { sanitizeRemoteActorImages } from './remote-actor-images.sanitizer.js';

const host = 'peertube.example';
const image = (fields: Record<string, unknown>) => ({ type: 'Image', mediaType: 'image/png', ...fields });

describe('sanitizeRemoteActorImages', () => {
  it("keeps PeerTube's sizes, with their media types and dimensions", () => {
    const icons = [120, 48, 600, 1500].map((width) =>
      image({ url: `https://${host}/lazy-static/avatars/${width}.png`, width, height: width }),
    );
    expect(sanitizeRemoteActorImages(icons, host)).toEqual(
      [120, 48, 600, 1500].map((width) => ({
        url: `https://${host}/lazy-static/avatars/${width}.png`,
        extension: '.png',
        width,
        height: width,
      })),
    );
  });

  it('takes one Image as well as an array, and a type from the URL when there is no mediaType', () => {
    expect(sanitizeRemoteActorImages({ type: 'Image', url: `https://${host}/a/b.JPEG` }, host)).toEqual([
      { url: `https://${host}/a/b.JPEG`, extension: '.jpg', width: null, height: null },
    ]);
  });

  it.each([
    ['another host', image({ url: 'https://tracker.example/pixel.png' })],
    ['not http(s)', image({ url: `javascript://${host}/x.png` })],
    ['a data: URL', image({ url: 'data:image/png;base64,AAAA' })],
    ['not a picture type', image({ url: `https://${host}/x.svg`, mediaType: 'image/svg+xml' })],
    ['no type at all', { type: 'Image', url: `https://${host}/avatar` }],
    ['not an Image', { type: 'Link', href: `https://${host}/x.png` }],
    ['an object as URL', image({ url: { href: `https://${host}/x.png` } })],
    ['a very long URL', image({ url: `https://${host}/${'a'.repeat(2100)}.png` })],
  ])('drops an image with %s', (_case, entry) => {
    expect(sanitizeRemoteActorImages([entry], host)).toEqual([]);
  });

  it('bounds the count, drops repeats and nonsense dimensions', () => {
    const many = Array.from({ length: 50 }, (_, index) => image({ url: `https://${host}/${index}.png` }));
    expect(sanitizeRemoteActorImages(many, host)).toHaveLength(8);
    const url = `https://${host}/a.png`;
    expect(
      sanitizeRemoteActorImages([image({ url, width: -4, height: 1e9 }), image({ url, width: 10 })], host),
    ).toEqual([{ url, extension: '.png', width: null, height: null }]);
  });

  it('takes nothing from a missing field', () => {
    expect(sanitizeRemoteActorImages(undefined, host)).toEqual([]);
  });
});
