import type { VideoCaption } from '../../../shared/models/videos/video-caption.model.js';
import { VIDEO_LANGUAGES } from '../../../shared/models/videos/video-enums.js';
import type { FileStore } from '../../core/storage/file-store.js';
import type { StoragePaths } from '../../core/storage/storage-paths.js';
import type { VideoCaptionEntity } from './video-caption.entity.js';

/**
 * PeerTube's VideoCaption. A local caption is served here (through Shoal's checks, whatever the store); another instance's is read from its origin, so it has no
 * path here (PeerTube gives null too for files it does not serve itself).
 */
export function formatCaption(caption: VideoCaptionEntity, store: FileStore, paths: StoragePaths): VideoCaption {
  const fileUrl = caption.filename ? store.url(paths.captionKey(caption.filename), 'private') : caption.fileUrl!;
  return {
    language: { id: caption.language, label: VIDEO_LANGUAGES[caption.language] ?? 'Unknown' },
    captionPath: caption.filename ? new URL(fileUrl).pathname : null,
    fileUrl,
    m3u8Url: null,
    automaticallyGenerated: caption.automaticallyGenerated,
    updatedAt: caption.updatedAt.toISOString(),
  };
}
