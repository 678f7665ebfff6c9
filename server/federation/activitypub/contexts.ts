import type { JsonLdContext } from '../../../shared/models/activitypub/common-objects.js';

export const ACTIVITY_STREAMS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const SECURITY_CONTEXT = 'https://w3id.org/security/v1';

/** PeerTube's vocabulary for the terms ActivityStreams lacks, so PeerTube reads Shoal's documents as its own. */
const PEERTUBE_TERMS = {
  pt: 'https://joinpeertube.org/ns#',
  sc: 'http://schema.org/',
  Hashtag: 'as:Hashtag',
  Infohash: 'pt:Infohash',
  RsaSignature2017: 'https://w3id.org/security#RsaSignature2017',
  uuid: 'sc:identifier',
  category: 'sc:category',
  licence: 'sc:license',
  language: 'sc:inLanguage',
  subtitleLanguage: 'sc:subtitleLanguage',
  sensitive: 'as:sensitive',
  originallyPublishedAt: 'sc:datePublished',
  views: { '@type': 'sc:Number', '@id': 'pt:views' },
  state: { '@type': 'sc:Number', '@id': 'pt:state' },
  size: { '@type': 'sc:Number', '@id': 'pt:size' },
  fps: { '@type': 'sc:Number', '@id': 'pt:fps' },
  aspectRatio: { '@type': 'sc:Float', '@id': 'pt:aspectRatio' },
  commentsEnabled: { '@type': 'sc:Boolean', '@id': 'pt:commentsEnabled' },
  downloadEnabled: { '@type': 'sc:Boolean', '@id': 'pt:downloadEnabled' },
  waitTranscoding: { '@type': 'sc:Boolean', '@id': 'pt:waitTranscoding' },
  isLiveBroadcast: { '@type': 'sc:Boolean', '@id': 'pt:isLiveBroadcast' },
  support: { '@type': 'sc:Text', '@id': 'pt:support' },
} as const;

/** The `@context` of every document Shoal serves or sends. */
export const ACTIVITY_PUB_CONTEXT: JsonLdContext = [ACTIVITY_STREAMS_CONTEXT, SECURITY_CONTEXT, { ...PEERTUBE_TERMS }];
