import { BadUserInputError } from '../../errors';

/** A display name: trimmed, not empty, at most 200 characters. */
export function requireName(name: string, field = 'input.name'): string {
  const trimmed = name.trim();
  if (!trimmed) throw new BadUserInputError(`${field}: must not be empty; give it a name people will recognise`, field);
  if (trimmed.length > 200) throw new BadUserInputError(`${field}: must be at most 200 characters`, field);
  return trimmed;
}
