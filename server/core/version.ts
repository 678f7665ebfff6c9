import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './paths.js';

const packageJson = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The running version, from package.json. */
export const SHOAL_VERSION = packageJson.version;

/**
 * The PeerTube version whose REST API and ActivityPub Shoal implements, reported as `serverVersion` in
 * /api/v1/config: PeerTube clients (the web client, apps, the CLI) read it to decide which API features to use, so it
 * names the API level rather than Shoal's own release (which is SHOAL_VERSION, in `shoal.version` and NodeInfo).
 */
export const PEERTUBE_API_VERSION = '8.0.1';
