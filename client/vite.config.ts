import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/**
 * WebTorrent's service worker streams torrent files to <video> elements; it must be served from the site root
 * (its scope), so it is emitted as a file of its own and Shoal serves it at /sw.min.js.
 */
function webTorrentServiceWorker(): Plugin {
  return {
    name: 'shoal-webtorrent-service-worker',
    generateBundle() {
      const source = readFileSync(
        path.join(path.dirname(require.resolve('webtorrent/package.json')), 'dist/sw.min.js'),
      );
      this.emitFile({ type: 'asset', fileName: 'sw.min.js', source });
    },
  };
}

// Built into dist/client, which Shoal serves under /client/ (server/modules/client).
export default defineConfig({
  root: import.meta.dirname,
  base: '/client/',
  plugins: [webTorrentServiceWorker()],
  resolve: {
    // p2p-media-loader-core's prebuilt browser bundle: its plain ESM entry imports Node's `events`.
    conditions: ['p2pml:core-as-bundle', ...defaultClientConditions],
  },
  build: {
    outDir: path.join(import.meta.dirname, '../dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
});
