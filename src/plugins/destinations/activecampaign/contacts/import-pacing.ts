/**
 * When to poll a bulk import, so that a typical import costs one `GET /import/info`.
 *
 * The run remembers how long its imports took (in `ctx.session`: an account's imports take about as long as the
 * run's previous ones, since they share its queue). The first poll of an import comes after that long. A poll
 * that finds the import done lowers the estimate a little (10 %), so it follows imports that get quicker; a poll
 * that finds it still running is followed by polls half the estimate apart, then growing by half each time up
 * to `maxIntervalMs`, and the estimate becomes the time the import was seen done. A run's first import, with
 * nothing to go on, starts at `firstIntervalMs`.
 */
import type { PluginContext } from '../../../contract';
import type { ActiveCampaignOptions } from '../options';
import { perRun } from '../session-cache';

export type PollOptions = ActiveCampaignOptions['importPoll'];

const SPEED_UP = 0.9;
const GROWTH = 1.5;
const FLOOR_MS = 10;

/** One run's estimate of its imports' duration, and the poll schedule it gives. */
export class ImportPacer {
  /** How long the run's imports take, as the waits that saw them done; undefined before the first one. */
  private estimateMs: number | undefined;

  constructor(private readonly poll: PollOptions) {}

  /** The wait before poll number `poll` (1 for the first) of an import; `previous` is the wait before the last poll. */
  waitBefore(poll: number, previous: number): number {
    if (poll === 1) return this.estimateMs ?? this.poll.firstIntervalMs;
    const next = poll === 2 ? Math.max(this.poll.firstIntervalMs, (this.estimateMs ?? this.poll.firstIntervalMs) / 2) : previous * GROWTH;
    return Math.min(this.poll.maxIntervalMs, Math.round(next));
  }

  /** An import was seen done at `poll`, after waiting `waitedMs` in all since it was queued. */
  observe(poll: number, waitedMs: number): void {
    const hitFirst = poll === 1 && this.estimateMs !== undefined;
    this.estimateMs = Math.max(FLOOR_MS, Math.round(hitFirst ? this.estimateMs! * SPEED_UP : waitedMs));
  }
}

/** The run's pacer, shared by its concurrent write() calls. */
export function importPacer(ctx: PluginContext, poll: PollOptions): ImportPacer {
  return perRun(ctx, 'importPacer', () => new ImportPacer(poll));
}
