import type { RunStatus, RunTrigger } from '../entities';
import type { RequestMetrics } from './http';
import type { RunCounters } from './run/run-progress';

/** One run executing in this process, as the metrics see it. */
export interface ObservedRun {
  /**
   * The run ended with `status`, or null when its ending is not this process's to count (its row is gone, or
   * recovery ended it); its counters are final either way. Call once.
   */
  ended(status: RunStatus | null): void;
}

/**
 * What the engine reports as it works (src/metrics turns it into Prometheus metrics). The engine only calls in;
 * every method is cheap and never throws.
 */
export interface EngineMetrics {
  /**
   * A run started in this process. `counters` are the run's own, updated in place as it goes: they are read
   * when the metrics are, so rows show up while the run is still going, at no cost per row.
   */
  runStarted(trigger: RunTrigger, counters: Readonly<RunCounters>): ObservedRun;
  /** A run whose worker died, marked FAILED by this process's recovery sweep (its own counters died with it). */
  runAbandoned(trigger: RunTrigger): void;
  /** The request metrics of one destination account (the destination's `limits().key`). */
  destinationRequests(account: string): RequestMetrics;
}
