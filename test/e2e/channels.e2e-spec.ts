import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestInstance } from '../utils/instance.js';

describe('video channels', () => {
  let instance: TestInstance;
  let carol: string;
  let dave: string;

  beforeAll(async () => {
    instance = await TestInstance.create();
    await instance.start();
    carol = (await instance.api.registerAndLogin('carol')).token;
    dave = (await instance.api.registerAndLogin('dave')).token;
  });

  afterAll(async () => {
    await instance?.destroy();
  });

  it('creates, reads, updates and deletes a channel', async () => {
    const created = await instance.api.createChannel(carol, {
      name: 'carol_music',
      displayName: 'Carol plays',
      description: 'Songs',
    });
    expect(created.videoChannel.id).toBeGreaterThan(0);

    const channel = await instance.api.getChannel('carol_music');
    expect(channel).toMatchObject({
      id: created.videoChannel.id,
      name: 'carol_music',
      displayName: 'Carol plays',
      description: 'Songs',
      isLocal: true,
      host: instance.host,
      url: `${instance.url}/video-channels/carol_music`,
      ownerAccount: { name: 'carol' },
    });
    expect(await instance.api.getChannel(`carol_music@${instance.host}`)).toMatchObject({
      id: created.videoChannel.id,
    });

    await instance.api.updateChannel(carol, 'carol_music', { displayName: 'Carol sings', support: 'Tip jar' });
    expect(await instance.api.getChannel('carol_music')).toMatchObject({
      displayName: 'Carol sings',
      support: 'Tip jar',
      description: 'Songs',
    });

    const listed = await instance.api.listAccountChannels('carol');
    expect(listed.total).toBe(2);
    expect(listed.data.map((c) => c.name).sort()).toEqual(['carol_channel', 'carol_music']);

    await instance.api.deleteChannel(carol, 'carol_music');
    expect((await instance.api.raw('get', '/api/v1/video-channels/carol_music')).status).toBe(404);
  });

  it('refuses an invalid handle with a problem naming the field', async () => {
    const response = await instance.api.raw('post', '/api/v1/video-channels', {
      token: carol,
      json: { name: 'Not A Handle!', displayName: 'x' },
    });
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('validation_failed');
    expect(response.body.detail).toContain('name');
    expect(Object.keys(response.body['invalid-params'])).toEqual(['name']);
  });

  it('names every missing field', async () => {
    const response = await instance.api.raw('post', '/api/v1/video-channels', { token: carol, json: {} });
    expect(response.status).toBe(400);
    expect(Object.keys(response.body['invalid-params']).sort()).toEqual(['displayName', 'name']);
  });

  it('keeps accounts and channels in one name space, and names of deleted channels reserved', async () => {
    for (const name of ['dave', 'dave_channel']) {
      const response = await instance.api.raw('post', '/api/v1/video-channels', {
        token: carol,
        json: { name, displayName: 'x' },
      });
      expect(response.status, name).toBe(409);
      expect(response.body.code).toBe('actor_name_taken');
    }
    await instance.api.createChannel(carol, { name: 'short_lived', displayName: 'x' });
    await instance.api.deleteChannel(carol, 'short_lived');
    const reuse = await instance.api.raw('post', '/api/v1/video-channels', {
      token: dave,
      json: { name: 'short_lived', displayName: 'x' },
    });
    expect(reuse.status).toBe(409);
  });

  it("refuses to touch another user's channel, and to delete the last channel", async () => {
    const update = await instance.api.raw('put', '/api/v1/video-channels/carol_channel', {
      token: dave,
      json: { displayName: 'mine' },
    });
    expect(update.status).toBe(403);
    expect(update.body.code).toBe('channel_not_owned');
    expect((await instance.api.raw('delete', '/api/v1/video-channels/carol_channel', { token: dave })).status).toBe(
      403,
    );

    const last = await instance.api.raw('delete', '/api/v1/video-channels/dave_channel', { token: dave });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('last_channel');
  });

  it('lets an administrator manage any channel', async () => {
    const admin = await instance.adminToken();
    await instance.api.updateChannel(admin, 'dave_channel', { description: 'Moderated description' });
    expect((await instance.api.getChannel('dave_channel')).description).toBe('Moderated description');
  });

  it('paginates and sorts channel lists in PeerTube shape', async () => {
    const page = await instance.api.listChannels({ start: 0, count: 2, sort: 'name' });
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.data).toHaveLength(2);
    expect(page.data[0].name <= page.data[1].name).toBe(true);

    const badSort = await instance.api.raw('get', '/api/v1/video-channels', { query: { sort: 'secret' } });
    expect(badSort.status).toBe(400);
    expect(badSort.body['invalid-params']).toHaveProperty('sort');
    const tooMany = await instance.api.raw('get', '/api/v1/video-channels', { query: { count: 101 } });
    expect(tooMany.status).toBe(400);
  });

  it('serves accounts by name and 404s unknown ones', async () => {
    expect(await instance.api.getAccount('carol')).toMatchObject({
      name: 'carol',
      host: instance.host,
      displayName: 'carol',
    });
    const missing = await instance.api.raw('get', '/api/v1/accounts/nobody');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('not_found');
    expect((await instance.api.raw('get', '/api/v1/accounts/carol@elsewhere.example')).status).toBe(404);
  });
});
