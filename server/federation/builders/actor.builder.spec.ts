import { describe, expect, it } from 'vitest';
import type { ActorImageEntity } from '../../modules/actors/actor-image.entity.js';
import type { ActorEntity } from '../../modules/actors/actor.entity.js';
import type { VideoChannelEntity } from '../../modules/channels/video-channel.entity.js';
import { buildActorUpdateActivity as buildUpdateActivity } from '../send/update-actor.js';
import { buildChannelActor } from './actor.builder.js';

const base = 'https://shoal.example';
const date = new Date('2026-12-01T00:00:00Z');

function image(type: 'avatar' | 'banner', width: number, height: number, extension: string): ActorImageEntity {
  return {
    id: width,
    actorId: 1,
    type,
    filename: `${width}-${height}${extension}`,
    width,
    height,
    fileUrl: null,
    createdAt: date,
    updatedAt: date,
  };
}

function actor(name: string, type: 'Person' | 'Group', images: ActorImageEntity[]): ActorEntity {
  const url = `${base}/${type === 'Group' ? 'video-channels' : 'accounts'}/${name}`;
  return {
    id: 1,
    type,
    preferredUsername: name,
    serverId: null,
    server: null,
    fetchedAt: null,
    url,
    inboxUrl: `${url}/inbox`,
    outboxUrl: `${url}/outbox`,
    sharedInboxUrl: `${base}/inbox`,
    followersUrl: `${url}/followers`,
    followingUrl: `${url}/following`,
    publicKey: 'key',
    privateKey: null,
    followersCount: 0,
    followingCount: 0,
    createdAt: date,
    updatedAt: date,
    images,
  };
}

const channel = (images: ActorImageEntity[]) =>
  ({
    displayName: 'Boats',
    description: null,
    support: null,
    actor: actor('boats', 'Group', images),
    account: { actor: actor('alice', 'Person', []) },
  }) as unknown as VideoChannelEntity;

describe('actor pictures in ActivityPub', () => {
  it('lists every avatar size as icon, 120 px first, and the banners as image, with their media types', () => {
    const group = buildChannelActor(
      channel([
        image('avatar', 48, 48, '.png'),
        image('avatar', 120, 120, '.png'),
        image('avatar', 600, 600, '.png'),
        image('banner', 1920, 317, '.webp'),
      ]),
      base,
    );
    expect(group.icon).toEqual([
      {
        type: 'Image',
        mediaType: 'image/png',
        width: 120,
        height: 120,
        url: `${base}/lazy-static/avatars/120-120.png`,
      },
      { type: 'Image', mediaType: 'image/png', width: 48, height: 48, url: `${base}/lazy-static/avatars/48-48.png` },
      {
        type: 'Image',
        mediaType: 'image/png',
        width: 600,
        height: 600,
        url: `${base}/lazy-static/avatars/600-600.png`,
      },
    ]);
    expect(group.image).toEqual([
      {
        type: 'Image',
        mediaType: 'image/webp',
        width: 1920,
        height: 317,
        url: `${base}/lazy-static/banners/1920-317.webp`,
      },
    ]);
  });

  it('leaves icon and image out when there is none, as PeerTube does', () => {
    const json = JSON.parse(JSON.stringify(buildChannelActor(channel([]), base))) as Record<string, unknown>;
    expect(json).not.toHaveProperty('icon');
    expect(json).not.toHaveProperty('image');
  });

  it('sends a change as an Update by the actor itself, public, its followers in copy, named by its date', () => {
    const group = buildChannelActor(channel([image('avatar', 120, 120, '.jpg')]), base);
    const update = buildUpdateActivity(group, date);
    expect(update).toMatchObject({
      id: `${base}/video-channels/boats/updates/2026-12-01T00:00:00.000Z`,
      type: 'Update',
      actor: group.id,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [`${base}/video-channels/boats/followers`],
      object: { id: group.id, icon: group.icon, cc: [`${base}/video-channels/boats/followers`] },
    });
    expect(update.object).not.toHaveProperty('@context');
  });
});
