/** Reasons users read in rejected rows and failed runs, shared by several write paths. */

/** The key was refused: the user can act on it without knowing HTTP. */
export const REJECTED_KEY = 'ActiveCampaign rejected the API key: copy it again from Settings → Developer';

/** A row on the account's exclusion list: the reason Census users know, kept word for word. */
export const EXCLUDED = 'Row skipped - It is on exclusion list';

/** The filler for a record no write path reported on (a bug if it ever shows: every path reports each record). */
export const NOT_CONFIRMED = 'ActiveCampaign did not confirm this record';
