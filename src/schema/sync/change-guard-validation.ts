import { BadUserInputError } from '../../errors';
import type { ChangeGuard } from '../../entities';
import { InputProblems } from '../shared/input-problems';
import type { ChangeGuardInput } from './change-guard.input';

const PATH = 'input.changeGuard';

const problem = (path: string, message: string) => new BadUserInputError(`${path}: ${message}`, path);

/** A change guard as stored, from its input (every problem with it at once); null input (no guard, or removing it) stays null. */
export function validateChangeGuard(input: ChangeGuardInput | null | undefined): ChangeGuard | null {
  if (!input) return null;
  const maxRecords = input.maxRecords ?? null;
  const maxPercent = input.maxPercent ?? null;
  if (maxRecords === null && maxPercent === null) {
    throw problem(PATH, 'give maxRecords, maxPercent or both; to have no guard, set changeGuard to null');
  }
  const problems = new InputProblems();
  if (maxRecords !== null && maxRecords < 1) {
    problems.add(problem(`${PATH}.maxRecords`, `${maxRecords} would stop every run that sends anything: give at least 1, or pause the sync instead`));
  }
  if (maxPercent !== null && !(Number.isFinite(maxPercent) && maxPercent > 0 && maxPercent <= 100)) {
    problems.add(
      problem(
        `${PATH}.maxPercent`,
        `${maxPercent} is not a percentage a run can be held to: give a number above 0 and at most 100 (e.g. 20 for 20%)`,
      ),
    );
  }
  problems.throwIfAny();
  return { maxRecords, maxPercent };
}
