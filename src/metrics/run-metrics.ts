import { performance } from 'node:perf_hooks';
import { Counter, Histogram, type Registry } from 'prom-client';
import type { ObservedRun } from '../engine/engine-metrics';
import type { RunCounters } from '../engine/run/run-progress';
import { RunTrigger, terminalRunStatuses } from '../entities';

/** The row counters exported, each as `ferry_rows_<name>_total`. */
const ROW_COUNTERS = {
  rowsRead: ['read', 'Rows read from models by runs in this process.'],
  rowsChanged: ['changed', 'Rows read that were new or changed since the last write, so sent to the destination.'],
  rowsUnchanged: ['unchanged', 'Rows read that matched the snapshot, so not sent.'],
  rowsCreated: ['created', 'Records the destination reported as created.'],
  rowsUpdated: ['updated', 'Records the destination reported as updated.'],
  rowsRejected: ['rejected', 'Rows rejected (by the mapping or by the destination), each stored with its reason.'],
} as const satisfies Record<keyof RunCounters, readonly [string, string]>;

type RowCounter = keyof typeof ROW_COUNTERS;

/** A run under way: its live counters and what of them was already counted. */
interface LiveRun {
  counters: Readonly<RunCounters>;
  counted: RunCounters;
}

/** Seconds: from a few seconds (a no-change run) to hours (a first run of millions of rows under a rate limit). */
const DURATION_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1_800, 3_600, 7_200, 21_600];

/**
 * Runs executed in this process: how many ended, by status and trigger; how long they took; and the rows they
 * read, changed, created, updated and rejected. Rows are counted as a run goes: a scrape adds what each running
 * run's counters gained since the last one.
 */
export class RunMetrics {
  private readonly runs: Counter<'status' | 'trigger'>;
  private readonly duration: Histogram<'status'>;
  private readonly rows: Record<RowCounter, Counter>;
  private readonly live = new Set<LiveRun>();

  constructor(registry: Registry) {
    this.runs = new Counter({
      name: 'ferry_runs_total',
      help:
        'Runs this process executed, by how they ended (SUCCEEDED, PARTIAL, FAILED, CANCELLED) and what triggered them; ' +
        'also, as FAILED, runs of dead workers that its recovery sweep marked FAILED.',
      labelNames: ['status', 'trigger'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ferry_run_duration_seconds',
      help: 'How long runs executed by this process took, from start to end, by how they ended.',
      labelNames: ['status'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    const collect = () => this.countLiveRows();
    const rows = {} as Record<RowCounter, Counter>;
    for (const [key, [name, help]] of Object.entries(ROW_COUNTERS) as Array<[RowCounter, readonly [string, string]]>) {
      rows[key] = new Counter({ name: `ferry_rows_${name}_total`, help, registers: [registry], collect });
    }
    this.rows = rows;
    // Every status and trigger from the start, so a rate() over them has a first sample before the first run ends.
    for (const status of terminalRunStatuses) {
      for (const trigger of Object.values(RunTrigger)) this.runs.inc({ status, trigger }, 0);
      this.duration.zero({ status });
    }
  }

  /** See EngineMetrics.runStarted. */
  runStarted(trigger: RunTrigger, counters: Readonly<RunCounters>): ObservedRun {
    const run: LiveRun = { counters, counted: { rowsRead: 0, rowsChanged: 0, rowsUnchanged: 0, rowsCreated: 0, rowsUpdated: 0, rowsRejected: 0 } };
    const started = performance.now();
    this.live.add(run);
    let ended = false;
    return {
      ended: (status) => {
        if (ended) return;
        ended = true;
        this.countRows(run);
        this.live.delete(run);
        if (status === null) return;
        this.runs.inc({ status, trigger });
        this.duration.observe({ status }, (performance.now() - started) / 1_000);
      },
    };
  }

  /** See EngineMetrics.runAbandoned. */
  runAbandoned(trigger: RunTrigger): void {
    this.runs.inc({ status: 'FAILED', trigger });
  }

  private countLiveRows(): void {
    for (const run of this.live) this.countRows(run);
  }

  private countRows(run: LiveRun): void {
    for (const key of Object.keys(ROW_COUNTERS) as RowCounter[]) {
      const gained = run.counters[key] - run.counted[key];
      if (gained > 0) this.rows[key].inc(gained);
      run.counted[key] = run.counters[key];
    }
  }
}
