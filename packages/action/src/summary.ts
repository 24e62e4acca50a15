import * as core from '@actions/core';
import { appendFile } from 'node:fs/promises';
import { EOL } from 'node:os';

/** The job summary is capped at 1 MiB per step; stay clear of it. */
const SUMMARY_LIMIT = 1_000_000;

/**
 * Appends Markdown to the job summary (the file GITHUB_STEP_SUMMARY names), as core.summary does;
 * written directly because core.summary remembers the first file it saw, and run() must work when
 * called again in one process (the tests do). Outside a runner the text goes to the log.
 */
export async function writeSummary(markdown: string): Promise<void> {
  const text =
    markdown.length > SUMMARY_LIMIT
      ? `${markdown.slice(0, SUMMARY_LIMIT)}\n\n*(cut: the summary limit is 1 MiB)*\n`
      : markdown;
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    core.info(text);
    return;
  }
  await appendFile(file, `${text}${EOL}`, 'utf8');
}
