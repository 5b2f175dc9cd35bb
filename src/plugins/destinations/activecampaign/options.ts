/** Timing knobs of the plugin; the defaults suit a real account, tests shorten them. */
export interface ActiveCampaignOptions {
  /** How long test() waits for `GET /users/me`. @default 15_000 */
  connectionTestTimeoutMs: number;
  /** Polling of `GET /import/info` while a bulk import runs. */
  importPoll: {
    /** Wait before the first poll; later waits grow by half up to `maxIntervalMs`. @default 250 */
    firstIntervalMs: number;
    /** @default 5_000 */
    maxIntervalMs: number;
    /** Give up on an import that has not finished after this long (its records are rejected as retryable). @default 1_800_000 */
    timeoutMs: number;
  };
}

export const defaultOptions: ActiveCampaignOptions = {
  connectionTestTimeoutMs: 15_000,
  importPoll: { firstIntervalMs: 250, maxIntervalMs: 5_000, timeoutMs: 30 * 60_000 },
};
