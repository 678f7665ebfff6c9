import type {
  Video,
  VideoDetails,
  VideoFile,
  VideoStreamingPlaylist,
} from '../../../shared/models/videos/video.model.js';
import {
  VIDEO_CATEGORIES,
  VIDEO_COMMENTS_POLICY_LABELS,
  VIDEO_LANGUAGES,
  VIDEO_LICENCES,
  VIDEO_PRIVACY_LABELS,
  VIDEO_STATE_LABELS,
  VideoPrivacy,
} from '../../../shared/models/videos/video-enums.js';
import { buildMagnetUri } from '../../core/media/magnet-uri.js';
import { shoalFileUrl, type FileStore, type FileVisibility } from '../../core/storage/file-store.js';
import type { StoragePaths } from '../../core/storage/storage-paths.js';
import { formatActorImages } from '../actors/actor-image.formatter.js';
import type { VideoFileEntity } from './video-file.entity.js';
import type { VideoEntity } from './video.entity.js';

/** What formatting needs besides the entity: where files live and the instance's identity. */
export interface VideoFormatContext {
  paths: StoragePaths;
  store: FileStore;
  /** The instance's URL. */
  baseUrl: string;
  host: string;
  trackerUrls: string[];
}

const constant = <T extends string | number>(id: T | null, labels: Record<T, string>) => ({
  id,
  label: id === null ? 'Unknown' : (labels[id] ?? 'Unknown'),
});

/**
 * Who may read a video's files: anyone for a public or unlisted video (fetched straight from the store: the bucket's
 * public URL or CDN with an object store), whom Shoal lets through for a private or internal one.
 */
export function fileVisibilityOf(privacy: VideoPrivacy): FileVisibility {
  return privacy === VideoPrivacy.Public || privacy === VideoPrivacy.Unlisted ? 'public' : 'private';
}

/**
 * The swarm id of a local video's HLS playlist: its master playlist's URL on Shoal's own route, which changes with
 * neither the bucket's public URL nor a CDN in front of it, so the infohashes stored at transcoding stay valid.
 */
export function hlsSwarmId(baseUrl: string, key: string): string {
  return shoalFileUrl(baseUrl, key);
}

/** A picture's URL: a path on this instance for local videos (as PeerTube gives them), the origin's URL otherwise. */
function picturePath(video: VideoEntity, key: string, remoteUrl: string | null, { store }: VideoFormatContext) {
  if (!video.isLocal) return remoteUrl;
  return video.publishedAt ? new URL(store.url(key, 'private')).pathname : null;
}

/** `viewers`: the video's concurrent viewers now (VideoViewersStore). */
export function formatVideo(video: VideoEntity, context: VideoFormatContext, viewers: number): Video {
  const { paths, host } = context;
  const channel = video.channel;
  const account = channel.account;
  return {
    id: video.id,
    uuid: video.uuid,
    shortUUID: video.shortUuid,
    url: video.url,
    name: video.name,
    description: video.description,
    category: constant(video.category, VIDEO_CATEGORIES),
    licence: constant(video.licence, VIDEO_LICENCES),
    language: constant(video.language, VIDEO_LANGUAGES),
    privacy: { id: video.privacy, label: VIDEO_PRIVACY_LABELS[video.privacy] },
    state: { id: video.state, label: VIDEO_STATE_LABELS[video.state] },
    nsfw: video.nsfw,
    isLocal: video.isLocal,
    duration: video.duration,
    aspectRatio: video.aspectRatio,
    views: video.views,
    viewers,
    likes: video.likes,
    dislikes: video.dislikes,
    comments: video.comments,
    thumbnailPath: picturePath(video, paths.thumbnailKey(video.uuid), video.thumbnailUrl, context),
    previewPath: picturePath(video, paths.previewKey(video.uuid), video.previewUrl, context),
    embedPath: `/videos/embed/${video.uuid}`,
    createdAt: video.createdAt.toISOString(),
    updatedAt: video.updatedAt.toISOString(),
    publishedAt: video.publishedAt?.toISOString() ?? null,
    account: {
      id: account.id,
      name: account.actor.preferredUsername,
      displayName: account.displayName,
      url: account.actor.url,
      host: account.actor.server?.host ?? host,
      avatars: formatActorImages(account.actor, 'avatar'),
    },
    channel: {
      id: channel.id,
      name: channel.actor.preferredUsername,
      displayName: channel.displayName,
      url: channel.actor.url,
      host: channel.actor.server?.host ?? host,
      avatars: formatActorImages(channel.actor, 'avatar'),
    },
  };
}

const hlsUrl = (video: VideoEntity, filename: string, { store, paths }: VideoFormatContext): string =>
  store.url(paths.hlsKey(video.uuid, filename), fileVisibilityOf(video.privacy));

/** The fields every file has, without its torrent. */
function formatFile(file: VideoFileEntity, fileUrl: string): VideoFile {
  return {
    id: file.id,
    resolution: { id: file.resolution, label: file.resolution === 0 ? 'Audio' : `${file.resolution}p` },
    size: file.size,
    fps: file.fps,
    width: file.width,
    height: file.height,
    fileUrl,
    fileDownloadUrl: fileUrl,
    torrentUrl: null,
    torrentDownloadUrl: null,
    magnetUri: null,
    hasAudio: file.hasAudio,
    hasVideo: file.hasVideo,
    storage: file.fileUrl ? null : 0,
  };
}

/** A local file's torrent and magnet, or nulls while it has none (a video transcoded before HLS files had torrents). */
function torrentFields(
  video: VideoEntity,
  file: VideoFileEntity,
  fileUrl: string,
  context: VideoFormatContext,
): Pick<VideoFile, 'torrentUrl' | 'torrentDownloadUrl' | 'magnetUri'> {
  if (!file.torrentFilename || !file.infoHash) return { torrentUrl: null, torrentDownloadUrl: null, magnetUri: null };
  // On Shoal's route whatever the privacy: it writes the WebSeeds of a torrent when serving it (served-torrent.ts).
  const torrentUrl = context.store.url(context.paths.torrentKey(file.torrentFilename), 'private');
  return {
    torrentUrl,
    torrentDownloadUrl: torrentUrl,
    magnetUri: buildMagnetUri({
      infoHash: file.infoHash,
      name: `${video.name} ${file.resolution}p`,
      announceUrls: context.trackerUrls,
      webSeedUrl: fileUrl,
      torrentUrl,
    }),
  };
}

/** Another instance's file: its URLs as the origin gave them. */
function formatRemoteFile(file: VideoFileEntity & { fileUrl: string }): VideoFile {
  return {
    ...formatFile(file, file.fileUrl),
    torrentUrl: file.torrentUrl,
    torrentDownloadUrl: file.torrentUrl,
    magnetUri: file.magnetUri,
  };
}

function formatWebVideoFile(video: VideoEntity, file: VideoFileEntity, context: VideoFormatContext): VideoFile {
  if (file.fileUrl) return formatRemoteFile({ ...file, fileUrl: file.fileUrl });
  const fileUrl = context.store.url(context.paths.webVideoKey(file.filename), fileVisibilityOf(video.privacy));
  return { ...formatFile(file, fileUrl), ...torrentFields(video, file, fileUrl, context) };
}

function formatHlsFile(video: VideoEntity, file: VideoFileEntity, context: VideoFormatContext): VideoFile {
  if (file.fileUrl) return formatRemoteFile({ ...file, fileUrl: file.fileUrl });
  const fileUrl = hlsUrl(video, file.filename, context);
  return {
    ...formatFile(file, fileUrl),
    ...torrentFields(video, file, fileUrl, context),
    playlistUrl: file.playlistFilename ? hlsUrl(video, file.playlistFilename, context) : undefined,
  };
}

export function formatVideoDetails(
  video: VideoEntity,
  context: VideoFormatContext,
  swarm: VideoDetails['swarm'],
  viewers: number,
): VideoDetails {
  const streamingPlaylists: VideoStreamingPlaylist[] = video.streamingPlaylists.map((playlist) => ({
    id: playlist.id,
    type: 1,
    playlistUrl: playlist.playlistUrl ?? hlsUrl(video, playlist.playlistFilename, context),
    swarmId:
      playlist.playlistUrl ?? hlsSwarmId(context.baseUrl, context.paths.hlsKey(video.uuid, playlist.playlistFilename)),
    segmentsSha256Url: playlist.segmentsSha256Url ?? hlsUrl(video, playlist.segmentsSha256Filename, context),
    redundancies: [],
    files: playlist.files.map((file) => formatHlsFile(video, file, context)),
  }));
  return {
    ...formatVideo(video, context, viewers),
    support: video.support,
    tags: video.tags.map((tag) => tag.name).sort(),
    commentsPolicy: { id: video.commentsPolicy, label: VIDEO_COMMENTS_POLICY_LABELS[video.commentsPolicy] },
    commentsEnabled: video.commentsEnabled,
    downloadEnabled: video.downloadEnabled,
    waitTranscoding: video.waitTranscoding,
    stateDetail: video.stateDetail,
    transcodingProgress: video.transcodingProgress,
    files: video.files.map((file) => formatWebVideoFile(video, file, context)),
    streamingPlaylists,
    trackerUrls: video.isLocal ? context.trackerUrls : video.trackerUrls,
    swarm,
  };
}
