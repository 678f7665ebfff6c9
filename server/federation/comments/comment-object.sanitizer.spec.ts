import { describe, expect, it } from 'vitest';
import { InvalidRemoteDocument } from '../activitypub/remote-document.js';
import { REMOTE_COMMENT_TEXT_MAX, sanitizeCommentObject } from './comment-object.sanitizer.js';

const host = 'peer.example';
const PUBLIC = 'https://www.w3.org/ns/activitystreams#Public';

/** A Note as PeerTube 8 sends it in a Create (markdown content, audience added by the activity). */
const peerTubeNote = {
  type: 'Note',
  id: 'https://peer.example/videos/watch/8d9e/comments/12',
  content: 'Nice **video**',
  mediaType: 'text/markdown',
  inReplyTo: 'https://shoal.example/videos/watch/8d9e',
  updated: '2026-12-01T10:00:01.000Z',
  published: '2026-12-01T10:00:00.000Z',
  url: 'https://peer.example/videos/watch/8d9e/comments/12',
  attributedTo: 'https://peer.example/accounts/root',
  replyApproval: null,
  tag: [],
  to: [PUBLIC],
  cc: ['https://peer.example/accounts/root/followers'],
};

const refused = (document: unknown) =>
  expect(() => sanitizeCommentObject(document, host)).toThrow(InvalidRemoteDocument);

describe('sanitizeCommentObject', () => {
  it("reads PeerTube's Note, its markdown kept as written", () => {
    expect(sanitizeCommentObject(peerTubeNote, host)).toEqual({
      url: peerTubeNote.id,
      text: 'Nice **video**',
      inReplyTo: peerTubeNote.inReplyTo,
      attributedTo: peerTubeNote.attributedTo,
      published: new Date(peerTubeNote.published),
      updated: new Date(peerTubeNote.updated),
      replyApproval: null,
    });
  });

  it('sanitises HTML content (Mastodon) and prefers a markdown source (Shoal)', () => {
    const html = {
      ...peerTubeNote,
      mediaType: undefined,
      content: '<p>hi<script>alert(1)</script><img src=x onerror=x></p>',
    };
    expect(sanitizeCommentObject(html, host).text).toBe('<p>hi</p>');
    const withSource = { ...html, source: { content: 'the *markdown*', mediaType: 'text/markdown' } };
    expect(sanitizeCommentObject(withSource, host).text).toBe('the *markdown*');
  });

  it('takes unlisted comments (public in cc) and attributedTo as an object', () => {
    const unlisted = { ...peerTubeNote, to: ['https://peer.example/accounts/root/followers'], cc: [PUBLIC] };
    expect(sanitizeCommentObject(unlisted, host).url).toBe(peerTubeNote.id);
    const embedded = { ...peerTubeNote, attributedTo: { type: 'Person', id: peerTubeNote.attributedTo } };
    expect(sanitizeCommentObject(embedded, host).attributedTo).toBe(peerTubeNote.attributedTo);
  });

  it('refuses what is not a public Note of its origin', () => {
    refused('https://peer.example/videos/watch/8d9e/comments/12');
    refused({ ...peerTubeNote, type: 'Article' });
    refused({ ...peerTubeNote, id: 'https://elsewhere.example/comments/12' });
    refused({ ...peerTubeNote, attributedTo: 'https://elsewhere.example/accounts/x' });
    refused({ ...peerTubeNote, attributedTo: [peerTubeNote.attributedTo, 'https://peer.example/accounts/y'] });
    refused({ ...peerTubeNote, attributedTo: undefined });
    refused({ ...peerTubeNote, to: [], cc: ['https://peer.example/accounts/root/followers'] });
    refused({ ...peerTubeNote, inReplyTo: 'javascript:alert(1)' });
    refused({ ...peerTubeNote, inReplyTo: undefined });
    refused({ ...peerTubeNote, published: 'yesterday' });
    refused({ ...peerTubeNote, replyApproval: 'not a url' });
  });

  it('refuses missing, empty and too long content', () => {
    refused({ ...peerTubeNote, content: undefined });
    refused({ ...peerTubeNote, content: 42 });
    refused({ ...peerTubeNote, content: '   ' });
    refused({ ...peerTubeNote, mediaType: undefined, content: '<script>only a script</script>' });
    refused({ ...peerTubeNote, content: 'x'.repeat(REMOTE_COMMENT_TEXT_MAX + 1) });
    refused({ ...peerTubeNote, content: 'x'.repeat(200_000) });
  });
});
