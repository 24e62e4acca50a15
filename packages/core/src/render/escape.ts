// Every string a user or AWS supplied (names, labels, tags, file paths, messages) passes through one
// of these before it reaches Markdown, HTML or a terminal: a hostile spec must not be able to inject
// markup, links, mentions, break a table, close a code block, send terminal control sequences or
// reorder what a reader sees with bidi controls.

const MARKDOWN_SPECIALS = /[\\`*_{}[\]()#+\-.!|~]/g;
// C0 controls but newline and tab, DEL and C1 controls, and the bidi marks, embeddings, overrides and
// isolates that make text read in another order than it is (Trojan Source, CVE-2021-42574).
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const INVISIBLE_OR_LINE_BREAK = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
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

/**
 * A fenced code block that no line of `body` can close: the fence is longer than any backtick run in
 * it; control and bidi characters in it are shown as escapes.
 */
export function mdFence(body: string, info = ''): string {
  const shown = visibleText(body);
  const longest = Math.max(2, ...(shown.match(/`+/g) ?? []).map(run => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${info}\n${shown}\n${fence}`;
}

/** A link target as given by the caller, only when it is http(s), with characters that end a Markdown link encoded. */
export function safeUrl(url: string): string | undefined {
  if (!/^https?:\/\//i.test(url)) return undefined;
  return url.replace(/[\s()<>"'`\\[\]]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/**
 * Terminal-safe text: control characters (ESC, CR, BEL, newline, ...) shown as `\xNN` instead of acting
 * on the terminal, and bidi controls as `\u202E` instead of reordering what is shown.
 */
export function termText(text: string): string {
  return String(text).replace(INVISIBLE_OR_LINE_BREAK, escapeCharacter);
}

/**
 * Text with the control and bidi characters of `termText` shown as escapes, newlines and tabs kept:
 * for formats where lines are allowed (annotations, fenced blocks) but nothing may act unseen.
 */
export function visibleText(text: string): string {
  return String(text).replace(INVISIBLE, escapeCharacter);
}

const escapeCharacter = (c: string): string => {
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
};

/** One line with every control and bidi character visible, for the inline Markdown and HTML helpers. */
function oneLine(text: string): string {
  return visibleText(String(text).replace(/\r\n?|\n|\u2028|\u2029/g, ' '));
}
