import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Output files written first into a hidden staging folder beside their final place, then renamed into place.
 * A rename within a file system is atomic, so a crash or a failed encode never leaves a half-written file under
 * a final name. Staged files keep their base names, which HLS playlists refer to.
 */
export class StagedOutputs {
  private readonly folderName = `.staging-${randomBytes(6).toString('hex')}`;
  /** Final path -> staged path, in the order of `stage` calls. */
  private readonly files = new Map<string, string>();

  /** Where to write the file that will end up at `finalPath`. */
  stage(finalPath: string): string {
    const final = path.resolve(finalPath);
    if (this.files.has(final)) throw new Error(`${final} is staged twice`);
    const staged = path.join(path.dirname(final), this.folderName, path.basename(final));
    this.files.set(final, staged);
    return staged;
  }

  /** Creates the staging folders (and the final folders they sit in). */
  async createFolders(): Promise<void> {
    for (const folder of this.folders()) await mkdir(folder, { recursive: true });
  }

  /**
   * Renames every file into place in the order it was staged, so stage the files that others refer to first
   * (media before playlists, variant playlists before the master).
   */
  async commit(): Promise<void> {
    for (const [final, staged] of this.files) await rename(staged, final);
    await this.discard();
  }

  /** Removes the staging folders and whatever is still in them. */
  async discard(): Promise<void> {
    for (const folder of this.folders()) await rm(folder, { recursive: true, force: true });
  }

  private folders(): Set<string> {
    return new Set([...this.files.values()].map((staged) => path.dirname(staged)));
  }
}
