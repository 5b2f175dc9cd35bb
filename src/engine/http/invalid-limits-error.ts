import { FerryError } from '../../errors';

/** A destination plugin's `limits()` cannot be enforced: the message names the field and the plugin's fix. */
export class InvalidLimitsError extends FerryError {
  readonly code = 'INVALID_LIMITS';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message, { code: 'INVALID_LIMITS', field });
  }
}
