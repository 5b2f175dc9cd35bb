import { TooManySecretComparisonsError } from '../errors';

/** Comparisons of one source's or destination's stored secrets allowed per window, in each API process. */
export const SECRET_COMPARISONS_PER_WINDOW = 20;
const WINDOW_MS = 60_000;

/**
 * Bounds how often the stored secrets of one source or destination may be compared with given values
 * (changedSecrets, and a notification rule's URL by urlChanged): enough for any tool that applies a configuration, far too few to guess a secret by trying
 * values, which a comparison that neither tests nor stores anything would otherwise allow at memory speed.
 */
export class SecretComparisonLimit {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly now: () => number = Date.now,
    /** The API field that compares, named in the refusal. */
    private readonly field = 'changedSecrets',
  ) {}

  /** Counts one comparison of `what` (its id, and a label for the refusal), or refuses it. */
  take(id: string, what: string): void {
    const now = this.now();
    const times = (this.recent.get(id) ?? []).filter((at) => now - at < WINDOW_MS);
    if (times.length >= SECRET_COMPARISONS_PER_WINDOW) {
      const waitSeconds = Math.ceil((times[0] + WINDOW_MS - now) / 1000);
      this.recent.set(id, times);
      throw new TooManySecretComparisonsError(
        `${this.field} of ${what} was asked ${SECRET_COMPARISONS_PER_WINDOW} times in the last minute, the most allowed (it compares stored secrets, so it cannot be used to guess them): try again in ${waitSeconds} s`,
      );
    }
    times.push(now);
    this.recent.set(id, times);
    if (this.recent.size > 10_000) this.forgetIdle(now);
  }

  private forgetIdle(now: number): void {
    for (const [id, times] of this.recent) if (times.every((at) => now - at >= WINDOW_MS)) this.recent.delete(id);
  }
}
