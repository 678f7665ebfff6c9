export const ACTIVITY_STREAMS_PROFILE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** GET /.well-known/webfinger?resource=acct:name@host */
export interface WebFingerData {
  subject: string;
  aliases: string[];
  links: { rel: 'self'; type: typeof ACTIVITY_STREAMS_PROFILE | 'application/activity+json'; href: string }[];
}
