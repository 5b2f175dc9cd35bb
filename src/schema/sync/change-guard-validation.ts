import { BadUserInputError } from '../../errors';
import type { ChangeGuard } from '../../entities';
import type { ChangeGuardInput } from './change-guard.input';

const PATH = 'input.changeGuard';

function refuse(path: string, message: string): never {
  throw new BadUserInputError(`${path}: ${message}`, path);
}

/** A change guard as stored, from its input; null input (no guard, or removing it) stays null. */
export function validateChangeGuard(input: ChangeGuardInput | null | undefined): ChangeGuard | null {
  if (!input) return null;
  const maxRecords = input.maxRecords ?? null;
  const maxPercent = input.maxPercent ?? null;
  if (maxRecords === null && maxPercent === null) {
    refuse(PATH, 'give maxRecords, maxPercent or both; to have no guard, set changeGuard to null');
  }
  if (maxRecords !== null && maxRecords < 1) {
    refuse(`${PATH}.maxRecords`, `${maxRecords} would stop every run that sends anything: give at least 1, or pause the sync instead`);
  }
  if (maxPercent !== null && !(Number.isFinite(maxPercent) && maxPercent > 0 && maxPercent <= 100)) {
    refuse(`${PATH}.maxPercent`, `${maxPercent} is not a percentage a run can be held to: give a number above 0 and at most 100 (e.g. 20 for 20%)`);
  }
  return { maxRecords, maxPercent };
}
