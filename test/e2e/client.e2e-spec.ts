import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../shared/models/server/server-config.model.js';
import { TestInstance } from '../utils/instance.js';

describe('web client files', () => {
  let instance: TestInstance;

  beforeAll(async () => {
    instance = await TestInstance.create({ env: { SHOAL_P2P_ENABLED: 'false' } });
    await instance.start();
  });

  afterAll(() => instance?.destroy());

  it('answers the client page, never cached, at every client route', async () => {
    const uuid = '0b7a2a4e-8c3b-4d1f-9a55-3e1f2f6a9d10';
    for (const route of ['/', '/w/kbNZ3d6BnnaNSMoECd5QLT', `/videos/watch/${uuid}`, `/videos/embed/${uuid}`]) {
      const response = await fetch(`${instance.url}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="app"></div>');
    }
  });

  it('serves its content-hashed assets for good, and 404 problems for missing ones', async () => {
    const html = await (await fetch(instance.url)).text();
    const script = /src="(\/client\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${instance.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await fetch(`${instance.url}/client/assets/missing.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it("serves WebTorrent's service worker at the site root, allowed to control the whole site", async () => {
    const response = await fetch(`${instance.url}/sw.min.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('service-worker-allowed')).toBe('/');
    expect(await response.text()).toContain('webtorrent');
  });

  it('tells the player whether to use P2P, and which ICE servers (none by default)', async () => {
    const config = await instance.api.call<ServerConfig>('get', '/api/v1/config');
    expect(config.tracker).toEqual({ enabled: true });
    expect(config.defaults.p2p).toEqual({ webapp: { enabled: false }, embed: { enabled: false } });
    expect(config.webrtc).toEqual({ iceServers: [] });
  });
});
