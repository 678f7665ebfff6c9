import type { Storyboard } from '../../../shared/models/videos/storyboard.model.js';
import type { FileStore } from '../../core/storage/file-store.js';
import type { StoragePaths } from '../../core/storage/storage-paths.js';
import type { StoryboardEntity } from './storyboard.entity.js';

/**
 * PeerTube's Storyboard. A local sheet is served through Shoal's checks, whatever the store; another instance's is
 * read from its origin, so it has no path here.
 */
export function formatStoryboard(storyboard: StoryboardEntity, store: FileStore, paths: StoragePaths): Storyboard {
  const fileUrl = storyboard.filename
    ? store.url(paths.storyboardKey(storyboard.filename), 'private')
    : storyboard.fileUrl!;
  return {
    storyboardPath: storyboard.filename ? new URL(fileUrl).pathname : null,
    fileUrl,
    totalHeight: storyboard.totalHeight,
    totalWidth: storyboard.totalWidth,
    spriteHeight: storyboard.spriteHeight,
    spriteWidth: storyboard.spriteWidth,
    spriteDuration: storyboard.spriteDuration,
  };
}
