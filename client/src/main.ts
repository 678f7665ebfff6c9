import { renderActor } from './pages/actor.js';
import { renderHome } from './pages/home.js';
import { renderNotFound } from './pages/not-found.js';
import { renderWatch } from './pages/watch.js';

/** Client routes; Shoal answers each of them with this page (server/modules/client). */
const ROUTES: { pattern: RegExp; render: (root: HTMLElement, id: string) => Promise<void> }[] = [
  { pattern: /^\/$/, render: (root) => renderHome(root) },
  { pattern: /^\/w\/([^/]+)$/, render: (root, id) => renderWatch(root, id, { embed: false }) },
  { pattern: /^\/videos\/watch\/([^/]+)$/, render: (root, id) => renderWatch(root, id, { embed: false }) },
  { pattern: /^\/videos\/embed\/([^/]+)$/, render: (root, id) => renderWatch(root, id, { embed: true }) },
  { pattern: /^\/(?:a|accounts)\/([^/]+)$/, render: (root, name) => renderActor(root, 'account', name) },
  { pattern: /^\/(?:c|video-channels)\/([^/]+)$/, render: (root, name) => renderActor(root, 'channel', name) },
];

const root = document.getElementById('app')!;
const path = location.pathname.replace(/\/+$/, '') || '/';
const route = ROUTES.map(({ pattern, render }) => ({ match: pattern.exec(path), render })).find(({ match }) => match);
await (route ? route.render(root, decodeURIComponent(route.match![1] ?? '')) : renderNotFound(root));
