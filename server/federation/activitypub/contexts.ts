import type { JsonLdContext } from '../../../shared/models/activitypub/common-objects.js';

export const ACTIVITY_STREAMS_CONTEXT = 'https://www.w3.org/ns/activitystreams';
export const SECURITY_CONTEXT = 'https://w3id.org/security/v1';

/**
 * PeerTube's vocabulary for the terms ActivityStreams lacks, defined as PeerTube 8 defines them (the union of its
 * per-type contexts), so PeerTube reads Shoal's documents as its own.
 */
const PEERTUBE_TERMS = {
  pt: 'https://joinpeertube.org/ns#',
  sc: 'http://schema.org/',
  RsaSignature2017: 'https://w3id.org/security#RsaSignature2017',
  Hashtag: 'as:Hashtag',
  category: 'sc:category',
  licence: 'sc:license',
  subtitleLanguage: 'sc:subtitleLanguage',
  automaticallyGenerated: 'pt:automaticallyGenerated',
  sensitive: 'as:sensitive',
  language: 'sc:inLanguage',
  identifier: 'sc:identifier',
  isLiveBroadcast: 'sc:isLiveBroadcast',
  liveSaveReplay: { '@type': 'sc:Boolean', '@id': 'pt:liveSaveReplay' },
  permanentLive: { '@type': 'sc:Boolean', '@id': 'pt:permanentLive' },
  latencyMode: { '@type': 'sc:Number', '@id': 'pt:latencyMode' },
  Infohash: 'pt:Infohash',
  SensitiveTag: 'pt:SensitiveTag',
  aspectRatio: { '@type': 'sc:Float', '@id': 'pt:aspectRatio' },
  uuid: { '@type': 'sc:identifier', '@id': 'pt:uuid' },
  originallyPublishedAt: 'sc:datePublished',
  uploadDate: 'sc:uploadDate',
  views: { '@type': 'sc:Number', '@id': 'pt:views' },
  state: { '@type': 'sc:Number', '@id': 'pt:state' },
  size: { '@type': 'sc:Number', '@id': 'pt:size' },
  fps: { '@type': 'sc:Number', '@id': 'pt:fps' },
  canReply: 'pt:canReply',
  commentsPolicy: { '@type': 'sc:Number', '@id': 'pt:commentsPolicy' },
  downloadEnabled: { '@type': 'sc:Boolean', '@id': 'pt:downloadEnabled' },
  waitTranscoding: { '@type': 'sc:Boolean', '@id': 'pt:waitTranscoding' },
  support: { '@type': 'sc:Text', '@id': 'pt:support' },
  likes: { '@id': 'as:likes', '@type': '@id' },
  dislikes: { '@id': 'as:dislikes', '@type': '@id' },
  shares: { '@id': 'as:shares', '@type': '@id' },
  comments: { '@id': 'as:comments', '@type': '@id' },
  PropertyValue: 'sc:PropertyValue',
  value: 'sc:value',
  playlists: { '@id': 'pt:playlists', '@type': '@id' },
  tileWidth: { '@type': 'sc:Number', '@id': 'pt:tileWidth' },
  tileHeight: { '@type': 'sc:Number', '@id': 'pt:tileHeight' },
  tileDuration: { '@type': 'sc:Number', '@id': 'pt:tileDuration' },
  hasParts: 'sc:hasParts',
  hasPart: 'sc:hasPart',
  startOffset: 'sc:startOffset',
  endOffset: 'sc:endOffset',
  Playlist: 'pt:Playlist',
  PlaylistElement: 'pt:PlaylistElement',
  position: { '@type': 'sc:Number', '@id': 'pt:position' },
  videoChannelPosition: { '@type': 'sc:Number', '@id': 'pt:position' },
  startTimestamp: { '@type': 'sc:Number', '@id': 'pt:startTimestamp' },
  stopTimestamp: { '@type': 'sc:Number', '@id': 'pt:stopTimestamp' },
} as const;

/** The `@context` of every document Shoal serves or sends. */
export const ACTIVITY_PUB_CONTEXT: JsonLdContext = [ACTIVITY_STREAMS_CONTEXT, SECURITY_CONTEXT, { ...PEERTUBE_TERMS }];
