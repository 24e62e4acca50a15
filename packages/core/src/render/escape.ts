// Every string a user or AWS supplied (names, labels, tags, file paths, messages) passes through one
// of these before it reaches Markdown, HTML or a terminal: a hostile spec must not be able to inject
// markup, links, mentions, break a table, close a code block or send terminal control sequences.

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|~]/g;
const ZERO_WIDTH_SPACE = '&#8203;';

/**
 * Text for Markdown prose and table cells: one line, Markdown specials backslash-escaped, `& < >` as
 * entities, and a zero-width space after `@` and in `://` / `www.` so GitHub makes no mention or autolink.
 */
export function mdText(text: string): string {
  return oneLine(text)
    .replace(MARKDOWN_SPECIALS, c => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/www\\\./gi, m => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}\\.`);
}

/**
 * An inline code span that shows `text` literally, whatever backticks it holds: the fence is one
 * backtick longer than the longest run inside. Pipes are escaped too (GFM splits table cells before
 * it parses code spans, and `\|` shows as `|` inside a span).
 */
export function mdCode(text: string): string {
  const line = oneLine(text);
  const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = line.startsWith('`') || line.endsWith('`') || line === '' ? ' ' : '';
  return `${fence}${pad}${line.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * A message with `code` quoted parts (as the engine's reasons and diagnostics write them): quoted parts
 * become code spans, the rest escaped text. An odd backtick inside a value only shifts the quoting;
 * every part is escaped either way.
 */
export function mdInline(message: string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 0 ? mdText(part) : part === '' ? '' : mdCode(part)))
    .join('');
}

/** Text inside HTML (a `<summary>`): entities only, Markdown is not parsed there. */
export function htmlText(text: string): string {
  return oneLine(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}

/** A fenced code block that no line of `body` can close: the fence is longer than any backtick run in it. */
export function mdFence(body: string, info = ''): string {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${body}\n${fence}`;
}

/** A link target as given by the caller, only when it is http(s), with characters that end a Markdown link encoded. */
export function safeUrl(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return url.replace(/[\s()<>"'`\\[\]]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Terminal-safe text: control characters (ESC, CR, BEL, ...) shown as `\xNN` instead of acting on the terminal. */
export function termText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function oneLine(text: string): string {
  return String(text).replace(/\r\n?|\n|\u2028|\u2029/g, ' ');
}
