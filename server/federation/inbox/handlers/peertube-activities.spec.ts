import { describe, expect, it } from 'vitest';
import {
  peerTubeActivity,
  peerTubeCapture,
  peerTubeDocument,
  peerTubeHost,
  type JsonObject,
} from '../../../../test/fixtures/peertube/peertube-fixtures.js';
import { hostOfUrl, idOf, isObject } from '../../activitypub/remote-document.js';
import { sanitizeVideoObject } from '../../videos/video-object.sanitizer.js';
import { parseViewActivity } from './view.handler.js';

// What each inbox handler reads of the activities PeerTube 8 really sent to a Shoal instance
// (test/fixtures/peertube/activities.json): the references they act on are where the handlers look for them.
const shoalActor = `${peerTubeCapture.shoalUrl}/accounts/peertube`;
const peerTubeActor = peerTubeDocument('instance-actor').id;
const account = peerTubeDocument('account-actor').id;
const shoalVideo = /^http:\/\/localhost:\d+\/videos\/watch\/[0-9a-f-]{36}$/;
const peerTubeVideo = peerTubeDocument('video-object').id as string;

describe("PeerTube 8's activities, as Shoal's inbox handlers read them", () => {
  it.each([
    'Follow',
    'Accept',
    'Create',
    'Announce',
    'Update',
    'Like',
    'Dislike',
    'View',
    'View(viewers)',
    'Delete',
  ] as const)('a %s has the type, id and actor the inbox requires', (name) => {
    const activity = peerTubeActivity(name);
    expect(activity.type).toBe(name.replace('(viewers)', ''));
    expect(hostOfUrl(idOf(activity.id))).toBe(peerTubeHost);
    expect(hostOfUrl(idOf(activity.actor))).toBe(peerTubeHost);
  });

  it("Follow (FollowHandler): its object is the followed actor's id", () => {
    const follow = peerTubeActivity('Follow');
    expect(follow.actor).toBe(peerTubeActor);
    expect(idOf(follow.object)).toBe(shoalActor);
  });

  it("Accept (AcceptHandler): its object is Shoal's Follow, embedded with its id", () => {
    const accept = peerTubeActivity('Accept');
    const follow = accept.object as JsonObject;
    expect(follow).toMatchObject({ type: 'Follow', actor: shoalActor, object: peerTubeActor });
    expect(follow.id).toMatch(new RegExp(`^${shoalActor}/follows/`));
  });

  it.each(['Create', 'Update'] as const)('%s (CreateHandler, UpdateHandler): embeds the Video object', (name) => {
    const activity = peerTubeActivity(name);
    expect(activity.actor).toBe(account);
    expect(sanitizeVideoObject(activity.object, peerTubeHost).video.url).toBe(idOf(activity.object));
  });

  it.each(['Announce', 'Delete'] as const)(
    "%s (AnnounceHandler, DeleteHandler): names PeerTube's video by id",
    (name) => {
      const activity = peerTubeActivity(name);
      expect(typeof activity.object).toBe('string');
      expect(hostOfUrl(idOf(activity.object))).toBe(peerTubeHost);
      if (name === 'Announce') expect(activity.actor).toBe(peerTubeActor);
    },
  );

  it('the Create, Update and Delete are of the same video', () => {
    const ids = (['Create', 'Update', 'Delete'] as const).map((name) => idOf(peerTubeActivity(name).object));
    expect(new Set(ids).size).toBe(1);
    expect(peerTubeVideo).toMatch(new RegExp(`^http://${peerTubeHost}/videos/watch/`));
  });

  it.each(['Like', 'Dislike', 'View', 'View(viewers)'] as const)(
    "%s (its handler): names Shoal's video by id",
    (name) => {
      const activity = peerTubeActivity(name);
      expect(idOf(activity.object)).toMatch(shoalVideo);
      // Rates come from the user's account; views from the instance, which counts them for its viewers.
      expect(activity.actor).toBe(name.startsWith('View') ? peerTubeActor : account);
    },
  );

  it('View (ViewHandler): a view, and a viewer report with its expiry and its count of viewers', () => {
    const view = parseViewActivity(peerTubeActivity('View'), peerTubeHost);
    expect(view).toMatchObject({ videoUrl: expect.stringMatching(shoalVideo), senderHost: peerTubeHost });
    expect(view?.expires).toBeUndefined();
    const viewers = peerTubeActivity('View(viewers)');
    expect(viewers.result).toMatchObject({ type: 'InteractionCounter', interactionType: 'WatchAction' });
    const viewer = parseViewActivity(viewers, peerTubeHost);
    expect(viewer?.expires?.toISOString()).toBe(new Date(viewers.expires as string).toISOString());
    expect(viewer?.viewersCount).toBe((viewers.result as JsonObject).userInteractionCount);
  });

  it('View: an unreadable expiry is refused; an unreadable or excessive count is dropped', () => {
    const viewers = peerTubeActivity('View(viewers)');
    expect(parseViewActivity({ ...viewers, expires: 'soon' }, peerTubeHost)).toBeUndefined();
    expect(parseViewActivity({ ...viewers, object: 7 }, peerTubeHost)).toBeUndefined();
    const counter = viewers.result as JsonObject;
    for (const count of [-1, 1.5, 'many', 1e9]) {
      const report = parseViewActivity(
        { ...viewers, result: { ...counter, userInteractionCount: count } },
        peerTubeHost,
      );
      expect(report?.viewersCount).toBeUndefined();
      expect(report?.expires).toBeDefined();
    }
  });

  it.each([
    ['Undo(Like)', 'Like'],
    ['Undo(Dislike)', 'Dislike'],
    ['Undo(Follow)', 'Follow'],
  ] as const)('%s (UndoHandler): embeds the undone activity, of the same actor', (name, type) => {
    const undo = peerTubeActivity(name);
    expect(isObject(undo.object)).toBe(true);
    const undone = undo.object as JsonObject;
    expect(undone.type).toBe(type);
    expect(idOf(undone.actor)).toBe(undo.actor);
    expect(idOf(undone.object)).toMatch(type === 'Follow' ? new RegExp(`^${shoalActor}$`) : shoalVideo);
  });
});
