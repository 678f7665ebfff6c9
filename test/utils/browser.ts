import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { NetworkNamespace } from './netns.js';

export const CHROMIUM = '/usr/bin/chromium';

/** What the watch page reports in the data attributes of `.p2p-stats` (client/src/player/p2p-stats.ts). */
export interface PageP2pFigures {
  mode: string;
  peerBytes: number;
  httpBytes: number;
  uploadedBytes: number;
  peers: number;
  rejectedSegments: number;
  httpFallback: boolean;
}

/**
 * A headless Debian Chromium (playwright-core, never a downloaded browser) with a fresh profile, running inside the
 * network namespace. `secureOrigin` is treated as HTTPS, as a production instance is: service workers and WebCrypto
 * need a secure context.
 */
export class Viewer {
  /** The page's console messages and uncaught errors, to explain a failure. */
  readonly console: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly profile: string,
  ) {
    page.on('console', (message) => this.console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => this.console.push(`uncaught: ${error.message}`));
    page.on('response', (response) => {
      if (response.status() >= 400) this.console.push(`HTTP ${response.status()}: ${response.url()}`);
    });
  }

  static async launch(namespace: NetworkNamespace, secureOrigin: string): Promise<Viewer> {
    const profile = await mkdtemp(path.join(tmpdir(), 'shoal-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: await namespace.wrap(CHROMIUM),
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-features=WebRtcHideLocalIpsWithMdns',
        '--autoplay-policy=no-user-gesture-required',
        `--unsafely-treat-insecure-origin-as-secure=${secureOrigin}`,
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    return new Viewer(context, page, profile);
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
  }

  /** Resolves once the <video> fired `playing` and its clock moved past `seconds`. */
  async waitForPlaying(seconds = 1, timeoutMs = 60_000): Promise<void> {
    // Evaluated in the page (this project's type-check has no DOM library).
    const playing = `document.querySelector('.player')?.dataset.playback === 'playing' &&
      document.querySelector('video').currentTime > ${seconds}`;
    await this.page.waitForFunction(playing, undefined, { timeout: timeoutMs, polling: 250 });
  }

  async figures(): Promise<PageP2pFigures> {
    const stats = this.page.locator('.p2p-stats');
    const read = async (name: string) => (await stats.getAttribute(`data-${name}`)) ?? '';
    return {
      mode: await read('mode'),
      peerBytes: Number(await read('peer-bytes')),
      httpBytes: Number(await read('http-bytes')),
      uploadedBytes: Number(await read('uploaded-bytes')),
      peers: Number(await read('peers')),
      rejectedSegments: Number(await read('rejected-segments')),
      httpFallback: (await read('http-fallback')) === 'true',
    };
  }

  /** Polls the page's figures until `done` accepts them; throws with the last ones after `timeoutMs`. */
  async waitForFigures(done: (figures: PageP2pFigures) => boolean, timeoutMs: number): Promise<PageP2pFigures> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const figures = await this.figures();
      if (done(figures)) return figures;
      if (Date.now() > deadline)
        throw new Error(`figures not reached within ${timeoutMs} ms: ${JSON.stringify(figures)}`);
      await sleep(500);
    }
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    await rm(this.profile, { recursive: true, force: true });
  }
}
