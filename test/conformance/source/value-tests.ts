import { describe, test } from '@jest/globals';
import type { Row } from '../../../src/plugins/contract';
import { canonical, isDate, keep } from '../expectations';
import { byId, type SourceSuite } from './source-suite';
import { bigValue, dayValue, docValue, exactValue, instantValue, labelValue, localValue, tagsValue, valueColumns, valueRows } from './values-table';

/** A decimal's digits without trailing fractional zeros (a source may print numeric(38, 12) with more of them). */
function decimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

const wallClock = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/;

/** A wall-clock timestamp in the contract's form, its fraction without trailing zeros; null when not in that form. */
function localTimestamp(value: unknown): string | null {
  const match = typeof value === 'string' ? wallClock.exec(value) : null;
  if (!match) return null;
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  return fraction ? `${match[1]}.${fraction}` : match[1];
}

const shown = (value: unknown) => `${typeof value} ${isDate(value) ? value.toISOString() : JSON.stringify(value)}`;

/** The value forms the contract documents on `Row`, read from a table the fixture made. */
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?[+-]\d{2}:\d{2}$/;

/** A Date of that instant, or an ISO 8601 text with an explicit offset that denotes it (digits past the ms ignored). */
function sameInstant(value: unknown, expected: Date): boolean {
  if (isDate(value)) return value.getTime() === expected.getTime();
  if (typeof value !== 'string' || !WITH_OFFSET.test(value)) return false;
  const [clock, zone] = [value.slice(0, -6), value.slice(-6)];
  const millis = clock.replace(/(\.\d{3})\d+$/, '$1');
  return new Date(`${millis}${zone}`).getTime() === expected.getTime();
}

export function valueTests(suite: SourceSuite): void {
  describe('values', () => {
    let rows: Promise<Row[]> | null = null;
    const read = () => {
      rows ??= suite.table(suite.tableName('values'), valueColumns, valueRows).then(async (query) => byId((await suite.readAll(query)).flat()));
      return rows;
    };
    const full = async () => (await read())[0];

    test(
      'read() gives bigint and numeric as strings, no digit lost',
      async () => {
        const { big, exact } = await full();
        keep(big === bigValue, 'read() must give a bigint as a string with every digit', () => `${bigValue} came as ${shown(big)}`);
        keep(
          typeof exact === 'string' && decimal(exact) === exactValue,
          'read() must give a numeric as a string with every digit',
          () => `${exactValue} came as ${shown(exact)}`,
        );
      },
      suite.timeoutMs,
    );

    const noInstants = suite.fixture.lacks?.instants;
    test(
      noInstants
        ? 'read() gives dates as YYYY-MM-DD and timestamps as YYYY-MM-DDTHH:MM:SS[.ffffff]'
        : 'read() gives dates as YYYY-MM-DD, timestamps as YYYY-MM-DDTHH:MM:SS[.ffffff] and timestamptz as Date',
      async () => {
        const { day, local_at: localAt, instant } = await full();
        keep(day === dayValue, "read() must give a date as 'YYYY-MM-DD'", () => `${dayValue} came as ${shown(day)}`);
        keep(
          localTimestamp(localAt) === localValue,
          "read() must give a timestamp without time zone as 'YYYY-MM-DDTHH:MM:SS[.ffffff]', never shifted",
          () => `${localValue} came as ${shown(localAt)}`,
        );
        if (noInstants) return;
        keep(
          sameInstant(instant, instantValue),
          "read() must give a timestamp with time zone as a Date of the same instant (or, where each value keeps its own offset, as 'YYYY-MM-DDTHH:MM:SS[.f]±HH:MM')",
          () => `${instantValue.toISOString()} came as ${shown(instant)}`,
        );
      },
      suite.timeoutMs,
    );
    if (noInstants) test.skip(`read() gives timestamptz as Date: skipped, ${noInstants}`, () => undefined);

    const noArrays = suite.fixture.lacks?.arrays;
    (noArrays ? test.skip : test)(
      noArrays ? `read() gives arrays as arrays: skipped, ${noArrays}` : 'read() gives arrays as arrays',
      async () => {
        const { tags } = await full();
        keep(
          Array.isArray(tags) && canonical(tags) === canonical(tagsValue),
          'read() must give an array as an array of its elements',
          () => `${JSON.stringify(tagsValue)} came as ${shown(tags)}`,
        );
      },
      suite.timeoutMs,
    );

    const noJson = suite.fixture.lacks?.json;
    (noJson ? test.skip : test)(
      noJson ? `read() gives JSON as objects: skipped, ${noJson}` : 'read() gives JSON as objects',
      async () => {
        const { doc } = await full();
        const isObject = typeof doc === 'object' && doc !== null && !Array.isArray(doc);
        keep(
          isObject && canonical(doc) === canonical(docValue),
          'read() must give JSON as the parsed object',
          () => `${JSON.stringify(docValue)} came as ${shown(doc)}`,
        );
      },
      suite.timeoutMs,
    );

    test(
      'read() gives NULL as null',
      async () => {
        const empty = (await read())[1];
        const notNull = valueColumns
          .filter((c) => c.name !== 'id' && empty?.[c.name] !== null)
          .map((c) => `${c.name} (${c.type}): ${shown(empty?.[c.name])}`);
        keep(empty && notNull.length === 0, 'read() must give NULL as null in every type of column', () => `NULL came as ${notNull.join('; ')}`);
      },
      suite.timeoutMs,
    );

    test(
      'read() keeps unicode text intact',
      async () => {
        const { label } = await full();
        keep(label === labelValue, 'read() must keep unicode text intact', () => `${JSON.stringify(labelValue)} came as ${shown(label)}`);
      },
      suite.timeoutMs,
    );
  });
}
