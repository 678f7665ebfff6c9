import { h } from '../dom.js';

export function renderNotFound(root: HTMLElement, message = 'This page does not exist.'): Promise<void> {
  document.title = 'Not found - Shoal';
  root.replaceChildren(
    h('main', { class: 'page' }, h('h1', {}, 'Not found'), h('p', {}, message), h('a', { href: '/' }, 'Home')),
  );
  return Promise.resolve();
}
