import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * User text (comments, later live chat) to HTML that is safe to show or send to other servers: markdown rendered by
 * markdown-it, then every tag and attribute outside a small allow-list dropped by sanitize-html. Remote HTML (an
 * ActivityPub Note's `content`) goes through the same allow-list.
 */

/** Raw HTML inside markdown is kept for the sanitiser to judge: comments from Mastodon arrive as HTML. */
const markdown = new MarkdownIt({ html: true, linkify: true, breaks: true });

const LINK_REL = 'nofollow noopener noreferrer';

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'b',
    'blockquote',
    'br',
    'code',
    'del',
    'em',
    'i',
    'li',
    'ol',
    'p',
    'pre',
    's',
    'span',
    'strong',
    'ul',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target'], span: ['class'] },
  // Mentions and hashtags in Mastodon's HTML carry these classes; nothing else does.
  allowedClasses: { span: ['h-card', 'mention', 'hashtag', 'invisible', 'ellipsis'] },
  // No `javascript:`, `data:` or `vbscript:` links; relative links make no sense on another server either.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Content of dropped tags such as <script> or <style> goes with them; other dropped tags keep their text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'title'],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: {
        ...(attribs.href !== undefined && { href: attribs.href }),
        rel: LINK_REL,
        ...(attribs.target === '_blank' && { target: '_blank' }),
      },
    }),
  },
};

/** Sanitises HTML from anywhere (a remote server, or rendered markdown) with the allow-list above. */
export function sanitizeUserHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}

/** Renders user markdown to sanitised HTML. */
export function renderMarkdown(text: string): string {
  return sanitizeUserHtml(markdown.render(text)).trim();
}
