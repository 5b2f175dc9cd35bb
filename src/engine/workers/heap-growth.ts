import { setFlagsFromString } from 'node:v8';

/** Old generation may grow to this much over its live size before V8 collects it (V8's default allows up to 300). */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Caps how far V8 lets the old generation grow between full collections in a process that executes runs.
 *
 * A run streams millions of short-lived objects (rows, records, hashes); the live set stays small (about 40 MB
 * of heap), but V8 lets garbage pile up to four times the live size before collecting, which doubled a worker's
 * resident memory on a 1M-row run. Growing by at most 100% keeps a 1M-row run near 200 MB resident for a few
 * percent more GC time. The flag is read at every collection, so setting it at start-up takes effect; a value
 * given on the command line (`node --heap-growing-percent=N`) wins.
 */
export function limitHeapGrowth(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /heap[-_]growing[-_]percent/.test(arg));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
