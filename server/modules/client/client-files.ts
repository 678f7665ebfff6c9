import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../core/paths.js';

/** Where `npm run build` puts the web client (client/vite.config.ts). */
export const CLIENT_DIST_DIR = path.join(PROJECT_ROOT, 'dist/client');
export const CLIENT_INDEX_HTML = path.join(CLIENT_DIST_DIR, 'index.html');
/** URL prefix of the client's files (Vite's `base`). */
export const CLIENT_URL_PREFIX = '/client';

export function clientIsBuilt(): boolean {
  return existsSync(CLIENT_INDEX_HTML);
}
