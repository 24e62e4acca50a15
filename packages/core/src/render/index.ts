export { renderMarkdown, GITHUB_COMMENT_LIMIT, CALLER_HEADROOM, type MarkdownOptions } from './markdown';
export { renderText, type TextOptions } from './text';
export { renderDiagnosticsText, type DiagnosticsTextOptions } from './diagnostics';
export { renderJson } from './json';
export { summaryLine, operationLabel } from './common';
export { reasonText, describeFields } from './reasons';
export { renderApplyResult, applySummaryLine, type RenderApplyOptions } from './applyResult';
export { mdText, mdCode, mdInline, htmlText, mdFence, safeUrl, termText, visibleText } from './escape';
