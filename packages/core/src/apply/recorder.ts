import type { Diagnostic } from '../diagnostics';
import type { HealthIssue } from '../account/types';
import type { ApplyContext, StepScope } from './context';
import type { ChangeRef, StepKind, StepRecord } from './types';

/** Collects one change's steps, health issues and warnings while it runs, and reports each step as events. */
export class ChangeRecorder {
  readonly steps: StepRecord[] = [];
  readonly warnings: Diagnostic[] = [];
  health?: HealthIssue[];
  /** The step that failed, for error messages that do not say where they come from (AWS errors). */
  failedStep?: { step: StepKind; target: string };

  constructor(
    private readonly ctx: ApplyContext,
    readonly change: ChangeRef,
  ) {}

  scope(step: StepKind): StepScope {
    return { change: this.change, step };
  }

  /** Runs one step, timing it and emitting step-started / step-done. */
  async step<T>(step: StepKind, target: string, run: (scope: StepScope) => Promise<T>): Promise<T> {
    const started = this.ctx.clock.now();
    this.ctx.emit({ type: 'step-started', at: started, change: this.change, step, target });
    let ok = false;
    try {
      const value = await run(this.scope(step));
      ok = true;
      return value;
    } finally {
      const durationMs = this.ctx.clock.now() - started;
      this.steps.push({ step, target, durationMs, ok });
      if (!ok) this.failedStep ??= { step, target };
      if (ok) this.ctx.emit({ type: 'step-done', at: this.ctx.clock.now(), change: this.change, step, target, durationMs });
    }
  }

  warn(code: string, message: string, profile?: string): void {
    this.warnings.push({
      severity: 'warning',
      code,
      message,
      cluster: this.change.cluster,
      profile: profile ?? this.change.spec ?? this.change.profileName,
    });
  }
}
