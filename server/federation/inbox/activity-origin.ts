import { hostOfUrl, idOf, isObject, type JsonObject } from '../activitypub/remote-document.js';

/**
 * Why an activity may not come from its actor's server, or undefined when it may: what it creates, updates or
 * deletes must live on that server, and what it undoes or answers must be its own.
 */
export function originProblem(activity: JsonObject): string | undefined {
  const actorHost = hostOfUrl(idOf(activity.actor));
  const object = activity.object;
  switch (activity.type) {
    case 'Create':
    case 'Update':
    case 'Delete': {
      const objectId = idOf(object);
      if (objectId === undefined) return `${activity.type} without an object id`;
      return hostOfUrl(objectId) === actorHost ? undefined : `the object ${objectId} is not on the actor's server`;
    }
    case 'Undo':
      if (!isObject(object) || idOf(object.actor) !== idOf(activity.actor))
        return 'Undo of an activity of another actor';
      return undefined;
    case 'Accept':
    case 'Reject':
      // An answer to a follow of the actor itself.
      if (isObject(object) && idOf(object.object) !== idOf(activity.actor))
        return `${activity.type} of a follow of another actor`;
      return undefined;
    default:
      return undefined;
  }
}
