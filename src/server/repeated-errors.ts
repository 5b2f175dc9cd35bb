import { randomUUID } from 'node:crypto';
import type { Logger } from '../plugins/contract';

interface Seen {
  errorId: string;
  repeats: number;
}

/**
 * Logs an unexpected error once per kind (its message) and window: the same error again within the window is only
 * counted, shares the first one's error id, and is summed up in one line when the window ends. One request failing
 * the same way on 100,000 fields writes two lines, not 100,000.
 */
export class RepeatedErrorLog {
  private readonly seen = new Map<string, Seen>();

  constructor(
    private readonly logger: Logger,
    private readonly windowMs = 10_000,
    private readonly maxKinds = 1_000,
  ) {}

  /** Logs (or counts) the error; returns the error id to give the client. */
  error(kind: string, message: string, meta: Record<string, unknown>): string {
    const known = this.seen.get(kind);
    if (known) {
      known.repeats += 1;
      return known.errorId;
    }
    const errorId = randomUUID();
    this.logger.error(message, { errorId, ...meta });
    if (this.seen.size >= this.maxKinds) return errorId;
    const entry: Seen = { errorId, repeats: 0 };
    this.seen.set(kind, entry);
    setTimeout(() => {
      this.seen.delete(kind);
      if (entry.repeats > 0)
        this.logger.error(`${message}: the same error ${entry.repeats} more times in ${this.windowMs / 1000} s`, { errorId, repeats: entry.repeats });
    }, this.windowMs).unref();
    return errorId;
  }
}

const perLogger = new WeakMap<Logger, RepeatedErrorLog>();

/** The collapsing log of a logger (one per logger, so per Ferry). */
export function repeatedErrorLog(logger: Logger): RepeatedErrorLog {
  let log = perLogger.get(logger);
  if (!log) {
    log = new RepeatedErrorLog(logger);
    perLogger.set(logger, log);
  }
  return log;
}
