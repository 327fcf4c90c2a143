import MarkdownIt from 'markdown-it';

/**
 * Markdown as minutes are written: CommonMark with autolinks, raw HTML shown as text (never
 * rendered), and only http(s) and mailto links (markdown-it's own check refuses javascript: and
 * data: URLs).
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });

/**
 * The text as HTML. With `topLevel`, its headings are moved so the highest of them is at that level
 * and the steps between them stay (minutes shown under the page's h2 "Minutes" begin at h3): a
 * text that starts with "# Title" then makes no second h1, nor "## Part" a sibling of its section.
 */
export function renderMarkdown(source: string, options: { topLevel?: number } = {}): string {
  const env = {};
  const tokens = markdown.parse(source, env);
  const headings = tokens.filter((token) => token.type === 'heading_open' || token.type === 'heading_close');
  if (options.topLevel && headings.length > 0) {
    const level = (tag: string) => Number(tag.slice(1));
    const shift = options.topLevel - Math.min(...headings.map((token) => level(token.tag)));
    for (const token of headings) token.tag = `h${Math.min(6, Math.max(1, level(token.tag) + shift))}`;
  }
  return markdown.renderer.render(tokens, markdown.options, env);
}

/** The block and inline structure of a text, for layouts other than HTML (the minutes' PDF). */
export function parseMarkdown(source: string) {
  return markdown.parse(source, {});
}

const DANGEROUS_TAGS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'link', 'meta', 'base', 'svg', 'math']);
// Each expression reads a run of text once: no two parts of one can take the same characters,
// so a hostile text costs time in proportion to its length (see lib/regexp-safety.unit.test.ts).
const TAG_NAME = /<\s*(?:\/\s*)?([a-z][a-z0-9]*)/gi;
const TAG_BODY = /<[^<>]*/g;
const EVENT_HANDLER = /\s(on[a-z]+)\s*=/i;
const SCRIPT_URL = /(?:href|src|action)\s*=\s*(?:["']\s*)?(?:javascript|vbscript|data):/i;
const SCRIPT_LINK = /\]\(\s*(?:<\s*)?(?:javascript|vbscript|data):/i;

/**
 * Why a text would be refused: script, event handlers or script URLs in raw HTML or links.
 * Harmless HTML is allowed in the text but is shown as text; this check exists so that an
 * editor who pasted a script learns it was not taken, rather than seeing it silently vanish.
 */
export function unsafeMarkup(source: string): string | null {
  for (const [, name] of source.matchAll(TAG_NAME)) {
    if (DANGEROUS_TAGS.has(name.toLowerCase())) return `contains a <${name.toLowerCase()}> element`;
  }
  for (const [tag] of source.matchAll(TAG_BODY)) {
    const handler = EVENT_HANDLER.exec(tag);
    if (handler) return `contains an event handler (${handler[1].toLowerCase()})`;
  }
  if (SCRIPT_URL.test(source) || SCRIPT_LINK.test(source)) return 'contains a script or data URL';
  return null;
}
