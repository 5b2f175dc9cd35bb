/** Timing knobs of the plugin; the defaults suit a real account, tests shorten them. */
export interface ActiveCampaignOptions {
  /** How long test() waits for `GET /users/me`. @default 15_000 */
  connectionTestTimeoutMs: number;
  /**
   * Polling of `GET /import/info` while a bulk import runs. The first poll of an import comes after about as long
   * as the run's previous imports took, so a typical import costs one poll; see `contacts/import-pacing.ts`.
   */
  importPoll: {
    /**
     * Wait before the first poll of a run's first import (nothing is known about the account's pace yet), and the
     * shortest step between polls once a poll found the import still running. @default 1_000
     */
    firstIntervalMs: number;
    /** Longest wait between two polls of one import. @default 5_000 */
    maxIntervalMs: number;
    /** Give up on an import that has not finished after this long (its records are rejected as retryable). @default 1_800_000 */
    timeoutMs: number;
  };
  /**
   * When the importer refuses a batch for its own rate limit ("retry this request in a minute"), how long the engine
   * is asked to wait before writing the batch again. @default 60_000
   */
  importRateLimitPauseMs: number;
}

export const defaultOptions: ActiveCampaignOptions = {
  connectionTestTimeoutMs: 15_000,
  importPoll: { firstIntervalMs: 1_000, maxIntervalMs: 5_000, timeoutMs: 30 * 60_000 },
  importRateLimitPauseMs: 60_000,
};
