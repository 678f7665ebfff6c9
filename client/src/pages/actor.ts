import { api, ApiError } from '../api.js';
import { h } from '../dom.js';
import { videoCard } from './home.js';
import { renderNotFound } from './not-found.js';

/** An account's (`/a/{name}`) or a channel's (`/c/{name}`) page: who it is and its latest videos. */
export async function renderActor(root: HTMLElement, kind: 'account' | 'channel', name: string): Promise<void> {
  try {
    const [actor, videos] = await Promise.all([
      kind === 'account' ? api.account(name) : api.channel(name),
      api.videosOf(kind === 'account' ? 'accounts' : 'video-channels', name),
    ]);
    document.title = actor.displayName;
    root.replaceChildren(
      h(
        'main',
        { class: 'page' },
        h('a', { href: '/', class: 'home-link' }, 'All videos'),
        h('header', {}, h('h1', {}, actor.displayName), h('p', {}, actor.description ?? '')),
        videos.total === 0
          ? h('p', { class: 'empty' }, 'No videos yet.')
          : h('ul', { class: 'video-grid' }, ...videos.data.map(videoCard)),
      ),
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return renderNotFound(root, `This ${kind} does not exist.`);
    throw error;
  }
}
