import type { ApplyEvent, StepKind } from '@fargatekeeper/core';
import { operationSubject as subject } from './operationSubject';

export interface LogSink {
  info(line: string): void;
  warning(line: string): void;
  error(line: string): void;
}

const stepWords: Record<StepKind, string> = {
  'wait-cluster-idle': 'waiting for the cluster to be free',
  'create-role': 'creating role',
  'create-profile': 'creating profile',
  'wait-active': 'waiting for ACTIVE',
  'delete-profile': 'deleting profile',
  'wait-deleted': 'waiting for the deletion',
  'delete-failed-profile': 'removing the failed profile',
  'delete-role': 'deleting role',
  'tag-profile': 'tagging profile',
};

/** `1:05` for 65 s; whole seconds are enough for operations that take minutes. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/**
 * Turns apply's progress events into plain log lines, each stamped with the time since the apply
 * started (`[+1:30]`), so a reader of the job log sees what is happening while a profile takes minutes.
 */
export class ApplyLog {
  private startedAt?: number;

  constructor(private readonly sink: LogSink) {}

  readonly onEvent = (event: ApplyEvent): void => {
    const line = this.format(event);
    if (line === undefined) return;
    if (event.type === 'operation-failed') this.sink.error(line);
    else if (event.type === 'fingerprint-mismatch') this.sink.warning(line);
    else this.sink.info(line);
  };

  format(event: ApplyEvent): string | undefined {
    if (event.type === 'apply-started') this.startedAt = event.at;
    const stamp = 'at' in event ? `[+${formatDuration(event.at - (this.startedAt ?? event.at))}] ` : '';
    switch (event.type) {
      case 'replanned':
        return `Re-planned against the live state: fingerprint ${event.fingerprint.slice(0, 12)}`;
      case 'fingerprint-mismatch':
        return `The current plan (${event.actual.slice(0, 12)}) differs from the reviewed plan (${event.expected.slice(0, 12)})${event.refused ? '; nothing is applied' : '; applying the current plan'}`;
      case 'apply-started':
        return `${stamp}Applying ${event.operations} operation${event.operations === 1 ? '' : 's'} in ${event.clusters} cluster${event.clusters === 1 ? '' : 's'}`;
      case 'operation-started':
        return `${stamp}${subject(event.operation)}: started`;
      case 'step-started':
        // A wait announces itself through its `waiting` events.
        if (event.step.startsWith('wait-')) return undefined;
        return `${stamp}${subject(event.operation)}: ${stepWords[event.step]} ${event.target}`;
      case 'waiting': {
        const eta =
          event.etaMs === undefined
            ? ''
            : event.etaMs > 0
              ? `, about ${formatDuration(event.etaMs)} left`
              : ', overdue';
        // Before the first poll there is no status to show.
        const status = event.status && event.status !== 'unknown' ? `${event.status}, ` : '';
        return `${stamp}${subject(event.operation)}: ${stepWords[event.step]} (${status}${formatDuration(event.elapsedMs)} so far${eta})`;
      }
      case 'retried':
        return `${stamp}${subject(event.operation)}: ${event.errorName} (${event.message}); retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`;
      case 'step-done':
        return undefined;
      case 'operation-done':
        return `${stamp}${subject(event.operation)}: done in ${formatDuration(event.durationMs)}`;
      case 'operation-failed':
        return `${stamp}${subject(event.operation)}: FAILED after ${formatDuration(event.durationMs)}: ${event.errors.join('; ')}`;
      case 'operation-skipped':
        return `${stamp}${subject(event.operation)}: skipped (${event.reason})`;
      case 'apply-done': {
        const { succeeded, failed, skipped } = event.result.summary;
        return `${stamp}Apply finished in ${formatDuration(event.result.durationMs)}: ${succeeded} succeeded, ${failed} failed, ${skipped} skipped`;
      }
    }
  }
}
