import { describe, expect, it } from 'vitest';
import { formatNotification } from './notification.formatter.js';
import type { NotificationRow } from './notifications.repository.js';

const HOST = 'here.test';
const base: NotificationRow = {
  id: 7,
  type: 1,
  read: false,
  created_at: new Date('2026-12-01T05:00:00Z'),
  updated_at: new Date('2026-12-01T05:00:01Z'),
  comment_id: null,
  comment_thread_id: null,
  comment_held_for_review: null,
  video: { id: 3, uuid: 'uuid-3', short_uuid: 'short-3', name: 'A video', state: 1 },
  video_channel: { id: 4, name: 'chan', display_name: 'Channel', host: null },
  account: null,
  follow: null,
  registration: null,
};

describe('formatNotification', () => {
  it("a video notification: PeerTube's video with its channel, this instance's host for local actors", () => {
    expect(formatNotification(base, HOST)).toEqual({
      id: 7,
      type: 1,
      read: false,
      data: null,
      video: {
        id: 3,
        uuid: 'uuid-3',
        shortUUID: 'short-3',
        name: 'A video',
        state: { id: 1, label: 'Published' },
        channel: { id: 4, name: 'chan', displayName: 'Channel', host: HOST, avatars: [] },
      },
      createdAt: '2026-12-01T05:00:00.000Z',
      updatedAt: '2026-12-01T05:00:01.000Z',
    });
  });

  it('a comment notification carries the comment (its video and author inside), nothing else', () => {
    const formatted = formatNotification(
      {
        ...base,
        type: 11,
        comment_id: 40,
        comment_thread_id: null,
        comment_held_for_review: true,
        account: { id: 9, name: 'rita', display_name: 'Rita', host: 'there.test' },
      },
      HOST,
    );
    expect(formatted.comment).toEqual({
      id: 40,
      threadId: 40,
      heldForReview: true,
      account: { id: 9, name: 'rita', displayName: 'Rita', host: 'there.test', avatars: [] },
      video: { id: 3, uuid: 'uuid-3', shortUUID: 'short-3', name: 'A video', state: { id: 1, label: 'Published' } },
    });
    expect(formatted.video).toBeUndefined();
    expect(formatted.account).toBeUndefined();
  });

  it('a failed transcoding is told as a failed import of the video', () => {
    const formatted = formatNotification({ ...base, type: 8, video: { ...base.video!, state: 7 } }, HOST);
    expect(formatted.videoImport).toEqual({
      id: 3,
      video: expect.objectContaining({ id: 3, state: { id: 7, label: 'Transcoding failed' } }) as unknown,
    });
    expect(formatted.video).toBeUndefined();
  });

  it('a follow names what is followed as PeerTube does: the instance, a channel or an account', () => {
    const follow = (type: string) =>
      formatNotification(
        {
          ...base,
          type: 10,
          video: null,
          video_channel: null,
          follow: {
            id: 5,
            state: 'pending',
            follower: { id: null, name: 'peertube', display_name: 'peertube', host: 'there.test' },
            following: { id: null, type, name: 'x', display_name: 'X', host: null },
          },
        },
        HOST,
      ).actorFollow;
    expect(follow('Application')).toEqual({
      id: 5,
      state: 'pending',
      follower: { id: null, name: 'peertube', displayName: 'peertube', host: 'there.test', avatars: [] },
      following: { type: 'instance', name: 'x', displayName: 'X', host: HOST },
    });
    expect(follow('Group')?.following.type).toBe('channel');
    expect(follow('Person')?.following.type).toBe('account');
  });
});
