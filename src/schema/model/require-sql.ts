import { BadUserInputError } from '../../errors';

/** A model's SQL: trimmed and not empty (the source plugin checks the rest). */
export function requireSql(sql: string, field = 'input.sql'): string {
  const trimmed = sql.trim();
  if (!trimmed) throw new BadUserInputError(`${field}: must not be empty; write the SELECT that returns the rows to sync`, field);
  return trimmed;
}
