import { Gauge, Registry } from 'prom-client';
import type { Pool } from 'pg';
import type { Config } from '../config';
import type { EngineMetrics } from '../engine/engine-metrics';
import type { RequestMetrics } from '../engine/http';
import type { RunCounters } from '../engine/run/run-progress';
import type { RunTrigger } from '../entities';
import type { Logger } from '../plugins/contract';
import { DestinationRequestMetrics } from './destination-request-metrics';
import { ferryVersion } from './ferry-version';
import { processMetrics } from './process-metrics';
import { QueueGauges } from './queue-gauges';
import { RunMetrics } from './run-metrics';

/** What GET /metrics answers: the text and its content type. */
export interface MetricsText {
  contentType: string;
  text: string;
}

export interface FerryMetricsOptions {
  role: Config['FERRY_ROLE'];
  /** For the cluster-wide queue gauges. */
  pool: Pool;
  logger: Logger;
}

/**
 * Every metric of one running Ferry, in the Prometheus text format: its own (runs, rows and destination requests
 * of this process; the cluster's queue) and the process's (memory, CPU, event loop, GC).
 */
export class FerryMetrics implements EngineMetrics {
  private readonly registry = new Registry();
  private readonly runs: RunMetrics;
  private readonly requests: DestinationRequestMetrics;

  constructor(options: FerryMetricsOptions) {
    this.runs = new RunMetrics(this.registry);
    this.requests = new DestinationRequestMetrics(this.registry);
    new QueueGauges(this.registry, options.pool, options.logger);
    new Gauge({
      name: 'ferry_info',
      help: "Always 1: this process's Ferry version and role (all, api or worker).",
      labelNames: ['version', 'role'],
      registers: [this.registry],
    }).set({ version: ferryVersion(), role: options.role }, 1);
  }

  runStarted(trigger: RunTrigger, counters: Readonly<RunCounters>) {
    return this.runs.runStarted(trigger, counters);
  }

  runAbandoned(trigger: RunTrigger): void {
    this.runs.runAbandoned(trigger);
  }

  destinationRequests(account: string): RequestMetrics {
    return this.requests.forAccount(account);
  }

  async render(): Promise<MetricsText> {
    const [own, process] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, text: own + process };
  }
}
