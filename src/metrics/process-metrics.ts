import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * prom-client's default metrics (process_resident_memory_bytes, process_cpu_seconds_total, nodejs_eventloop_lag_*,
 * nodejs_heap_*, nodejs_gc_duration_seconds, …): one registry per process, because they describe the process and
 * their collectors (GC observer, event-loop monitor) run for its whole life, however many Ferrys it starts (tests).
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}
