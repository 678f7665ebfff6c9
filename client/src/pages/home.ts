import type { Video } from '../../../shared/models/videos/video.model.js';
import { api } from '../api.js';
import { formatDuration, h } from '../dom.js';

const PAGE_SIZE = 24;

/** The instance's latest public videos, newest first. */
export async function renderHome(root: HTMLElement): Promise<void> {
  const [config, firstPage] = await Promise.all([api.config(), api.videos(0, PAGE_SIZE)]);
  document.title = config.instance.name;
  const grid = h('ul', { class: 'video-grid' }, ...firstPage.data.map(videoCard));
  const more = h('button', { type: 'button', class: 'more' }, 'More videos');
  let loaded = firstPage.data.length;
  more.hidden = loaded >= firstPage.total;
  more.addEventListener('click', () => {
    more.disabled = true;
    void api.videos(loaded, PAGE_SIZE).then((page) => {
      grid.append(...page.data.map(videoCard));
      loaded += page.data.length;
      more.hidden = loaded >= page.total || page.data.length === 0;
      more.disabled = false;
    });
  });
  root.replaceChildren(
    h(
      'main',
      { class: 'page' },
      h('header', {}, h('h1', {}, config.instance.name), h('p', {}, config.instance.shortDescription)),
      firstPage.total === 0 ? h('p', { class: 'empty' }, 'No videos yet.') : grid,
      more,
    ),
  );
}

export function videoCard(video: Video): HTMLElement {
  const href = `/w/${video.shortUUID}`;
  const thumbnail = video.thumbnailPath
    ? h('img', { src: video.thumbnailPath, alt: '', loading: 'lazy', width: 280, height: 158 })
    : h('div', { class: 'thumbnail-placeholder' });
  return h(
    'li',
    { class: 'video-card' },
    h('a', { href }, thumbnail, h('span', { class: 'duration' }, formatDuration(video.duration))),
    h('a', { href, class: 'title' }, video.name),
    h('span', { class: 'channel' }, video.channel.displayName),
  );
}
