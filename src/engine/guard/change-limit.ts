/** A sync's change guard as stored: either limit may be null, not both. */
export interface ChangeGuardLimits {
  maxRecords: number | null;
  maxPercent: number | null;
}

const count = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/**
 * The most records one run may send, given how many records Ferry has written for the sync (its snapshot):
 * the smaller of `maxRecords` and `maxPercent` of `written`, rounded down. With nothing written yet (a first
 * run, or after the snapshot was dropped) the percentage has no base and does not apply; null when no limit does.
 */
export function changeLimit(guard: ChangeGuardLimits, written: number): number | null {
  const limits: number[] = [];
  if (guard.maxRecords !== null) limits.push(guard.maxRecords);
  // The epsilon keeps float noise (e.g. 0.7 * 100 = 70.00000000000001) from moving the limit across a whole record.
  if (guard.maxPercent !== null && written > 0) limits.push(Math.floor((guard.maxPercent * written) / 100 + 1e-9));
  return limits.length > 0 ? Math.min(...limits) : null;
}

/**
 * What a run that would send `wouldSend` records breaks, in words ("it would send … above the guard's …"), or null
 * when the guard lets it through. `fullResync`: the run sends every valid row, changed or not.
 */
export function guardBreach(guard: ChangeGuardLimits, written: number, wouldSend: number, fullResync = false): string | null {
  const limit = changeLimit(guard, written);
  if (limit === null || wouldSend <= limit) return null;
  const broken: string[] = [];
  if (guard.maxRecords !== null && wouldSend > guard.maxRecords) broken.push(`maxRecords ${count.format(guard.maxRecords)}`);
  const percentLimit = changeLimit({ maxRecords: null, maxPercent: guard.maxPercent }, written);
  if (percentLimit !== null && wouldSend > percentLimit) {
    broken.push(`maxPercent ${percent.format(guard.maxPercent!)}% (${count.format(percentLimit)} of ${count.format(written)} records)`);
  }
  const share =
    written > 0 ? `, ${percent.format((wouldSend / written) * 100)}% of the ${count.format(written)} records Ferry has written for this sync` : '';
  const which = fullResync ? 'every valid row, as a full resync does' : 'new or changed';
  return `it would send ${count.format(wouldSend)} records (${which})${share}, above the guard's ${broken.join(' and ')}`;
}

/** How to go on after a stop, for the run's error and the preview; a stopped full resync is let through as a full resync again. */
export function guardAdvice(syncId: string, modelName: string, fullResync = false): string {
  const trigger = `triggerSync(id: "${syncId}"${fullResync ? ', fullResync: true' : ''}, force: true)`;
  return (
    `If the change is intended, let one run through with ${trigger}, or raise or remove the guard ` +
    `with updateSync(id: "${syncId}", input: { changeGuard: … }); if it is not, fix the model "${modelName}" first`
  );
}
