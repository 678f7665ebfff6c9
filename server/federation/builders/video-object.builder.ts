import { VideoCommentPolicy } from '../../../shared/models/videos/video-enums.js';
import {
  ACTIVITY_STREAMS_PUBLIC,
  type ActivityIconObject,
  type ActivityIdentifierObject,
  type ActivityTagObject,
  type ActivityUrlObject,
  type ActivityVideoUrlObjectAttachment,
} from '../../../shared/models/activitypub/common-objects.js';
import type {
  ActivityPubStoryboard,
  VideoCaptionObject,
  VideoObject,
} from '../../../shared/models/activitypub/video-object.js';
import type { Storyboard } from '../../../shared/models/videos/storyboard.model.js';
import type { VideoCaption } from '../../../shared/models/videos/video-caption.model.js';
import type { VideoConstant, VideoDetails, VideoFile } from '../../../shared/models/videos/video.model.js';
import type { VideoEntity } from '../../modules/videos/video.entity.js';
import { PREVIEW_SIZE, THUMBNAIL_SIZE } from '../../core/media/image-sizes.js';
import { ACTIVITY_PUB_CONTEXT } from '../activitypub/contexts.js';
import { videoAudience } from './video-activities.builder.js';

interface VideoObjectContext {
  /** This instance's base URL (the REST model gives picture paths). */
  baseUrl: string;
  /** Tracker infohashes of the HLS playlist's P2P swarms. */
  swarmInfoHashes: string[];
  /** Followers collection of the uploader's account: the `cc` audience, as PeerTube addresses videos. */
  accountFollowersUrl: string;
}

/** What a Video object carries besides the video's REST shape: its captions and storyboard (their own tables). */
export interface VideoObjectAttachments {
  captions: VideoCaption[];
  storyboard: Storyboard | null;
}

/** The Video object of a local video, as served at its id and sent in Create and Update activities. */
export function buildLocalVideoObject(
  video: VideoEntity,
  details: VideoDetails,
  baseUrl: string,
  attachments: VideoObjectAttachments,
): VideoObject {
  return {
    ...buildVideoObject(details, {
      baseUrl,
      swarmInfoHashes: video.streamingPlaylists.flatMap((playlist) => playlist.p2pMediaLoaderInfohashes),
      accountFollowersUrl: video.channel.account.actor.followersUrl,
    }),
    subtitleLanguage: attachments.captions.map(captionObject),
    // PeerTube names the chapters' document and serves it at this URL (see ActivityPubVideosController).
    hasParts: videoChaptersUrl(details.url),
    ...(attachments.storyboard ? { preview: [storyboardObject(attachments.storyboard)] } : {}),
  };
}

/** The id of a local video's VideoChaptersObject, as PeerTube builds it. */
export function videoChaptersUrl(videoUrl: string): string {
  return `${videoUrl}/chapters`;
}

/** A caption as PeerTube 8 federates it: the language, and the WebVTT file. */
function captionObject(caption: VideoCaption): VideoCaptionObject {
  return {
    identifier: caption.language.id,
    name: caption.language.label,
    automaticallyGenerated: caption.automaticallyGenerated,
    url: [{ type: 'Link', mediaType: 'text/vtt', href: caption.fileUrl }],
  };
}

function storyboardObject(storyboard: Storyboard): ActivityPubStoryboard {
  return {
    type: 'Image',
    rel: ['storyboard'],
    url: [
      {
        mediaType: 'image/jpeg',
        href: storyboard.fileUrl,
        width: storyboard.totalWidth,
        height: storyboard.totalHeight,
        tileWidth: storyboard.spriteWidth,
        tileHeight: storyboard.spriteHeight,
        tileDuration: `PT${storyboard.spriteDuration}S`,
      },
    ],
  };
}

/**
 * A published video as PeerTube federates it: the watch page, each MP4 with its torrent and magnet, the HLS master
 * playlist (its renditions, segments SHA-256 file and swarms in `tag`), the trackers, and the pictures.
 */
function buildVideoObject(video: VideoDetails, context: VideoObjectContext): VideoObject {
  const published = video.publishedAt ?? video.createdAt;
  return {
    '@context': ACTIVITY_PUB_CONTEXT,
    type: 'Video',
    id: video.url,
    name: video.name,
    duration: `PT${video.duration}S`,
    uuid: video.uuid,
    tag: video.tags.map((name) => ({ type: 'Hashtag', name })),
    category: identifier(video.category),
    licence: identifier(video.licence),
    language: identifier(video.language),
    subtitleLanguage: [],
    views: video.views,
    sensitive: video.nsfw,
    summary: null,
    commentsPolicy: video.commentsPolicy.id,
    // PeerTube writes null when anyone may reply, and the public collection for any other policy.
    canReply: video.commentsPolicy.id === VideoCommentPolicy.Enabled ? null : ACTIVITY_STREAMS_PUBLIC,
    downloadEnabled: video.downloadEnabled,
    waitTranscoding: video.waitTranscoding,
    state: video.state.id,
    isLiveBroadcast: false,
    // What PeerTube writes for a video that is not a live, and its schedule of lives (none).
    liveSaveReplay: null,
    permanentLive: null,
    latencyMode: null,
    schedules: [],
    published,
    originallyPublishedAt: null,
    updated: video.updatedAt,
    mediaType: 'text/markdown',
    content: video.description,
    support: video.support,
    aspectRatio: video.aspectRatio,
    icon: pictures(video, context.baseUrl),
    url: [
      // The short watch URL first, as PeerTube orders them (Mastodon embeds the first HTML link).
      { type: 'Link', mediaType: 'text/html', href: `${context.baseUrl}/w/${video.shortUUID}` },
      { type: 'Link', mediaType: 'text/html', href: video.url },
      ...video.files.flatMap((file) => fileLinks(file, 'web-video')),
      ...video.streamingPlaylists.map((playlist): ActivityUrlObject => ({
        type: 'Link',
        mediaType: 'application/x-mpegURL',
        href: playlist.playlistUrl,
        tag: [
          ...context.swarmInfoHashes.map((name): ActivityTagObject => ({ type: 'Infohash', name })),
          { type: 'Link', name: 'sha256', mediaType: 'application/json', href: playlist.segmentsSha256Url },
          ...playlist.files.flatMap((file) => fileLinks(file, 'fragmented')),
        ],
      })),
      ...video.trackerUrls.map((href): ActivityUrlObject => {
        const kind = href.startsWith('ws') ? 'websocket' : 'http';
        return { type: 'Link', name: `tracker-${kind}`, rel: ['tracker', kind], href };
      }),
    ],
    likes: `${video.url}/likes`,
    dislikes: `${video.url}/dislikes`,
    shares: `${video.url}/announces`,
    comments: `${video.url}/comments`,
    attributedTo: [video.account.url, video.channel.url],
    ...videoAudience(video.privacy.id, context.accountFollowersUrl),
  };
}

function identifier<T extends string | number>(constant: VideoConstant<T | null>): ActivityIdentifierObject | null {
  return constant.id === null ? null : { identifier: String(constant.id), name: constant.label };
}

function pictures(video: VideoDetails, baseUrl: string): ActivityIconObject[] {
  const icons: ActivityIconObject[] = [];
  if (video.thumbnailPath)
    icons.push({ type: 'Image', url: `${baseUrl}${video.thumbnailPath}`, mediaType: 'image/jpeg', ...THUMBNAIL_SIZE });
  if (video.previewPath)
    icons.push({ type: 'Image', url: `${baseUrl}${video.previewPath}`, mediaType: 'image/jpeg', ...PREVIEW_SIZE });
  return icons;
}

function mediaLink(file: VideoFile, format: 'web-video' | 'fragmented'): ActivityUrlObject & ActivityTagObject {
  const audioOnly = file.resolution.id === 0;
  const streams = [...(file.hasAudio ? (['audio'] as const) : []), ...(file.hasVideo ? (['video'] as const) : [])];
  return {
    type: 'Link',
    mediaType: audioOnly ? 'audio/mp4' : 'video/mp4',
    href: file.fileUrl,
    height: file.height,
    width: file.width,
    size: file.size,
    fps: file.fps,
    // One hint per stream, as PeerTube writes them.
    attachment: [
      ...streams.map((value): ActivityVideoUrlObjectAttachment => ({
        type: 'PropertyValue',
        name: 'ffprobe_codec_type',
        value,
      })),
      { type: 'PropertyValue', name: 'peertube_format_flag', value: format },
    ],
  };
}

/** An MP4 (progressive, or fragmented in the HLS playlist's tags), its .torrent and its magnet URI. */
function fileLinks(file: VideoFile, format: 'web-video' | 'fragmented'): (ActivityUrlObject & ActivityTagObject)[] {
  const dimensions = { height: file.height, width: file.width, fps: file.fps };
  const links: (ActivityUrlObject & ActivityTagObject)[] = [mediaLink(file, format)];
  if (file.torrentUrl)
    links.push({ type: 'Link', mediaType: 'application/x-bittorrent', href: file.torrentUrl, ...dimensions });
  if (file.magnetUri) {
    links.push({
      type: 'Link',
      mediaType: 'application/x-bittorrent;x-scheme-handler/magnet',
      href: file.magnetUri,
      ...dimensions,
    });
  }
  return links;
}
