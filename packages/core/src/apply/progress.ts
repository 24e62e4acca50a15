import { doesSomething } from '../plan/operations';
import type { Operation, Plan } from '../plan/types';
import type { ApplyEvent, StepKind } from './types';

/** Where an operation stands in a run that has not finished (a cancelled one). */
export type OperationState = 'done' | 'failed' | 'in flight' | 'not started';

export interface OperationProgress {
  operation: Operation;
  state: OperationState;
  /** The step it is on, or was on when the run stopped (in flight). */
  current?: { step: StepKind; target: string };
  /** Failed: the errors; not started: why it was skipped, if it was. */
  detail?: string;
  /** Steps it completed, i.e. what the account already shows of it. */
  stepsDone: { step: StepKind; target: string }[];
}

export interface ApplyProgressReport {
  /** Every operation that does something, in plan order. */
  operations: OperationProgress[];
  counts: { done: number; failed: number; inFlight: number; notStarted: number };
}

/**
 * Follows apply's events so that, at any moment, a front door can say what is done, what is in flight
 * and what was not started: what it reports when a run is cancelled, since apply then rejects without
 * a result (and may still be waiting for a call AWS has not answered).
 */
export class ApplyProgress {
  private readonly byId = new Map<string, OperationProgress>();

  /** `plan`: the plan about to be applied, so a run stopped before apply started reports all of it as not started. */
  constructor(plan?: Plan) {
    if (plan) this.expect(plan);
  }

  readonly observe = (event: ApplyEvent): void => {
    switch (event.type) {
      case 'apply-started':
        // The plan apply executes (a re-plan may differ from the one given to the constructor).
        this.byId.clear();
        this.expect(event.plan);
        return;
      case 'operation-started':
        this.entry(event.operation).state = 'in flight';
        return;
      case 'step-started':
        this.entry(event.operation).current = { step: event.step, target: event.target };
        return;
      case 'step-done':
        this.entry(event.operation).stepsDone.push({ step: event.step, target: event.target });
        return;
      case 'operation-done':
        this.settle(event.operation, 'done');
        return;
      case 'operation-failed':
        this.settle(event.operation, 'failed', event.errors.join('; '));
        return;
      case 'operation-skipped':
        this.settle(event.operation, 'not started', event.reason);
        return;
      default:
        return;
    }
  };

  report(): ApplyProgressReport {
    const operations = [...this.byId.values()].map(p => ({ ...p, stepsDone: [...p.stepsDone] }));
    const count = (state: OperationState) => operations.filter(p => p.state === state).length;
    return {
      operations,
      counts: {
        done: count('done'),
        failed: count('failed'),
        inFlight: count('in flight'),
        notStarted: count('not started'),
      },
    };
  }

  private expect(plan: Plan): void {
    for (const cluster of plan.clusters)
      for (const operation of cluster.operations) if (doesSomething(operation)) this.entry(operation);
  }

  private entry(operation: Operation): OperationProgress {
    let entry = this.byId.get(operation.id);
    if (!entry) {
      entry = { operation, state: 'not started', stepsDone: [] };
      this.byId.set(operation.id, entry);
    }
    return entry;
  }

  private settle(operation: Operation, state: OperationState, detail?: string): void {
    const entry = this.entry(operation);
    entry.state = state;
    delete entry.current;
    if (detail !== undefined) entry.detail = detail;
  }
}
