import { describe, expect, it } from 'vitest';
import { renderMarkdown, sanitizeUserHtml } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders emphasis, lists, code and links, links marked nofollow noopener noreferrer', () => {
    const html = renderMarkdown('**bold** *it* `code`\n\n- one\n- two\n\n[site](https://example.com)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<ul>\n<li>one</li>');
    expect(html).toContain('<a href="https://example.com" rel="nofollow noopener noreferrer">site</a>');
  });

  it('turns bare URLs into links', () => {
    expect(renderMarkdown('see https://example.org/x')).toContain(
      '<a href="https://example.org/x" rel="nofollow noopener noreferrer">https://example.org/x</a>',
    );
  });

  it('drops scripts with their content, and event handlers', () => {
    const html = renderMarkdown('hi <script>alert(1)</script> <img src=x onerror="alert(2)"> <b onclick="x()">b</b>');
    expect(html).not.toMatch(/script|alert|onerror|onclick|<img/i);
    expect(html).toContain('<b>b</b>');
  });

  it('drops javascript:, data: and vbscript: links, in markdown and in HTML, however they are spelt', () => {
    const inputs = [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '<a href="javascript:alert(1)">x</a>',
      '<a href="  javascript:alert(1)">x</a>',
      '<a href="java&#x09;script:alert(1)">x</a>',
      '<a href="vbscript:msgbox(1)">x</a>',
      '<a href="//evil.example/">x</a>',
    ];
    for (const input of inputs) {
      const html = renderMarkdown(input);
      // Left as text at most: never a link, never an attribute.
      expect(html, input).not.toMatch(/href=|src=/i);
    }
  });

  it('drops iframes, styles, forms and unknown attributes', () => {
    const html = renderMarkdown(
      '<iframe src="https://x"></iframe><style>p{}</style><form action="/x"><input></form><p style="color:red" class="x">t</p>',
    );
    expect(html).toBe('<p>t</p>');
  });

  it('keeps a link rel it sets itself, whatever rel the input gave', () => {
    expect(renderMarkdown('<a href="https://a.example" rel="opener" target="_top">a</a>')).toBe(
      '<p><a href="https://a.example" rel="nofollow noopener noreferrer">a</a></p>',
    );
  });

  it('escapes what is not markup', () => {
    expect(renderMarkdown('1 < 2 & 3 > 2')).toBe('<p>1 &lt; 2 &amp; 3 &gt; 2</p>');
  });
});

describe('sanitizeUserHtml', () => {
  it('keeps Mastodon mention markup and drops the rest', () => {
    const html = sanitizeUserHtml(
      '<p><span class="h-card"><a href="https://m.example/@a" class="u-url mention">@<span>a</span></a></span> hi<img src=x></p>',
    );
    expect(html).toBe(
      '<p><span class="h-card"><a href="https://m.example/@a" rel="nofollow noopener noreferrer">@<span>a</span></a></span> hi</p>',
    );
  });

  it('drops svg and math payloads', () => {
    expect(
      sanitizeUserHtml('<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:1">x</mi></math>'),
    ).not.toMatch(/svg|script|alert|javascript/);
  });
});
