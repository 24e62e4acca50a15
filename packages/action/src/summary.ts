import * as core from '@actions/core';

/** The job summary is capped at 1 MiB per step; stay clear of it. */
const SUMMARY_LIMIT = 1_000_000;

/**
 * Appends Markdown to the job summary. Outside a runner (`GITHUB_STEP_SUMMARY` unset, e.g. a local
 * try-out) there is no summary file, so the text goes to the log instead.
 */
export async function writeSummary(markdown: string): Promise<void> {
  const text = markdown.length > SUMMARY_LIMIT ? `${markdown.slice(0, SUMMARY_LIMIT)}\n\n*(cut: the summary limit is 1 MiB)*\n` : markdown;
  if (!process.env.GITHUB_STEP_SUMMARY) {
    core.info(text);
    return;
  }
  await core.summary.addRaw(text, true).write();
}
