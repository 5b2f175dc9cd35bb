import type { DataSource } from 'typeorm';
import { checkWebhookUrl } from '../../alerts/webhook-url';
import { NotificationCondition, NotificationFormat, Sync } from '../../entities';
import { BadUserInputError } from '../../errors';
import { findOrNull } from '../shared/find-or-fail';
import { InputProblems } from '../shared/input-problems';
import { requireName } from '../shared/require-name';
import { intervalMs } from '../sync/schedule-validation';

/** A rule's settings once checked: thresholds of other conditions cleared. */
export interface CheckedRule {
  name: string;
  syncId: string | null;
  condition: NotificationCondition;
  rejectedRowsPercent: number | null;
  duration: string | null;
  durationSeconds: number | null;
  format: NotificationFormat;
  /** Only when a URL was given. */
  url?: URL;
}

/** The settings to check: stored ones with the input's changes laid over them. */
export interface RuleSettings {
  name: string;
  syncId: string | null;
  condition: NotificationCondition;
  rejectedRowsPercent: number | null;
  duration: string | null;
  format: NotificationFormat;
  url?: string;
}

const durationConditions = [NotificationCondition.RUN_LONGER_THAN, NotificationCondition.NO_SUCCESS_FOR];
const maxDurationSeconds = 366 * 24 * 3600;

function refuse(field: string, message: string): never {
  throw new BadUserInputError(`input.${field}: ${message}`, `input.${field}`);
}

/** The REJECTED_ROWS_ABOVE threshold; none for the other conditions. Also used by `apply` to check a file. */
export function checkPercent(condition: NotificationCondition, percent: number | null): number | null {
  if (condition !== NotificationCondition.REJECTED_ROWS_ABOVE) {
    if (percent !== null) refuse('rejectedRowsPercent', `only REJECTED_ROWS_ABOVE takes a percentage, not ${condition}; leave it out`);
    return null;
  }
  if (percent === null)
    refuse('rejectedRowsPercent', 'is required for REJECTED_ROWS_ABOVE: the percentage of rows read (0 to 100) above which to alert');
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100) {
    refuse('rejectedRowsPercent', `must be at least 0 and below 100 (got ${percent}); 0 alerts on any rejected row`);
  }
  return percent;
}

/** The duration of RUN_LONGER_THAN and NO_SUCCESS_FOR; none for the other conditions. Also used by `apply`. */
export function checkDuration(
  condition: NotificationCondition,
  duration: string | null,
): { duration: string | null; durationSeconds: number | null } {
  if (!durationConditions.includes(condition)) {
    if (duration !== null) refuse('duration', `only RUN_LONGER_THAN and NO_SUCCESS_FOR take a duration, not ${condition}; leave it out`);
    return { duration: null, durationSeconds: null };
  }
  const text = duration?.trim();
  if (!text) refuse('duration', `is required for ${condition}: give a human duration such as '30 minutes', '2 hours' or '1 day'`);
  const seconds = intervalMs(text) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0) refuse('duration', `"${text}" is not a duration; write e.g. '30 minutes', '2 hours' or '1 day'`);
  if (seconds < 1) refuse('duration', `"${text}" is shorter than a second`);
  if (seconds > maxDurationSeconds) refuse('duration', `"${text}" is longer than the maximum of 366 days`);
  return { duration: text, durationSeconds: Math.round(seconds) };
}

/** Checks a rule's settings, every problem at once (BAD_USER_INPUT naming each field and its fix). */
export async function checkRule(db: DataSource, settings: RuleSettings): Promise<CheckedRule> {
  const problems = new InputProblems();
  const name = await problems.check(() => requireName(settings.name));
  await problems.check(async () => {
    if (settings.syncId !== null && !(await findOrNull(db, Sync, settings.syncId))) {
      refuse('syncId', `sync "${settings.syncId}" does not exist; give a sync's id, or leave it out to watch every sync`);
    }
  });
  const rejectedRowsPercent = await problems.check(() => checkPercent(settings.condition, settings.rejectedRowsPercent));
  const duration = await problems.check(() => checkDuration(settings.condition, settings.duration));
  const url = settings.url === undefined ? undefined : await problems.check(() => checkWebhookUrl(settings.url!));
  problems.throwIfAny();
  return {
    name: name!,
    syncId: settings.syncId,
    condition: settings.condition,
    rejectedRowsPercent: rejectedRowsPercent ?? null,
    duration: duration!.duration,
    durationSeconds: duration!.durationSeconds,
    format: settings.format,
    ...(url ? { url } : {}),
  };
}
