import type { FixtureColumn } from '../source-fixture';

/** One column of every kind the contract gives a form for; its values in the contract's forms (see `Row`). */
export const valueColumns: FixtureColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'big', type: 'bigint' },
  { name: 'exact', type: 'numeric' },
  { name: 'day', type: 'date' },
  { name: 'local_at', type: 'timestamp' },
  { name: 'instant', type: 'timestamptz' },
  { name: 'doc', type: 'json' },
  { name: 'tags', type: 'text[]' },
  { name: 'label', type: 'text' },
];

/** Beyond 2^53 (a number would lose the last digit) and beyond a double's 17 significant digits. */
export const bigValue = '9007199254740993';
export const exactValue = '12345678901234567890.123456789';
export const dayValue = '2024-02-29';
export const localValue = '2024-02-29T23:59:58.123';
export const instantValue = new Date('2024-02-29T23:59:58.123Z');
export const docValue = { plan: 'pro', nested: { seats: [1, 'two', null], active: true } };
export const tagsValue = ['a', 'b c', 'é'];
/** Accents, CJK, an emoji outside the BMP, a right-to-left script, quotes and a backslash. */
export const labelValue = 'Zoë — 日本語 🚀 עברית "quoted" \\ back';

/** Row 1 has a value in every column; row 2 only its id, every other column NULL. */
export const valueRows: unknown[][] = [
  [1, bigValue, exactValue, dayValue, localValue, instantValue, docValue, tagsValue, labelValue],
  [2, null, null, null, null, null, null, null, null],
];
