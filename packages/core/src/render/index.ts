export { renderMarkdown, PLAN_COMMENT_MARKER, GITHUB_COMMENT_LIMIT, CALLER_HEADROOM, type MarkdownOptions } from './markdown';
export { renderText, type TextOptions } from './text';
export { renderJson } from './json';
export { summaryLine, changeLabel } from './common';
export { mdText, mdCode, mdInline, htmlText, mdFence, safeUrl, termText } from './escape';
