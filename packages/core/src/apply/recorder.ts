import type { Diagnostic } from '../diagnostics';
import type { HealthIssue } from '../account/types';
import type { ApplyContext, StepScope } from './context';
import { specOf, subjectOf } from '../plan/operations';
import type { Operation } from '../plan/types';
import type { StepKind, StepRecord } from './types';

/** Collects one operation's steps, health issues and warnings while it runs, and reports each step as events. */
export class OperationRecorder {
  readonly steps: StepRecord[] = [];
  readonly warnings: Diagnostic[] = [];
  health?: HealthIssue[];
  /** The step that failed, for error messages that do not say where they come from (AWS errors). */
  failedStep?: { step: StepKind; target: string };

  constructor(
    private readonly ctx: ApplyContext,
    readonly operation: Operation,
  ) {}

  scope(step: StepKind): StepScope {
    return { operation: this.operation, step };
  }

  /** Runs one step, timing it and emitting step-started / step-done. */
  async step<T>(step: StepKind, target: string, run: (scope: StepScope) => Promise<T>): Promise<T> {
    const started = this.ctx.clock.now();
    this.ctx.emit({ type: 'step-started', at: started, operation: this.operation, step, target });
    let ok = false;
    try {
      const value = await run(this.scope(step));
      ok = true;
      return value;
    } finally {
      const durationMs = this.ctx.clock.now() - started;
      this.steps.push({ step, target, durationMs, ok });
      if (!ok) this.failedStep ??= { step, target };
      if (ok)
        this.ctx.emit({
          type: 'step-done',
          at: this.ctx.clock.now(),
          operation: this.operation,
          step,
          target,
          durationMs,
        });
    }
  }

  warn(code: string, message: string, profile?: string): void {
    this.warnings.push({
      severity: 'warning',
      code,
      message,
      cluster: this.operation.cluster,
      profile: profile ?? specOf(this.operation) ?? subjectOf(this.operation).name,
    });
  }
}
