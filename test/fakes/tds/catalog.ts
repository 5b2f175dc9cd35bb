import type { SqlType } from './data-types';
import type { Operand, SelectStatement } from './statements';
import type { ResultColumn } from './tokens';

/** A table the fake serves. `rows` is called once per read, so a generated table never sits in memory. */
export interface FakeTable {
  schema: string;
  name: string;
  columns: ResultColumn[];
  rows: () => Iterable<unknown[]>;
  /** Time the "server" works before sending the first row (for slow-query and cancel tests). */
  delayMs?: number;
  /** How many rows `rows` yields, when known without reading them (sp_spaceused reports it). */
  rowCount?: number;
}

/** An error SQL Server would send, with its real number, state and severity. */
export class SqlServerError extends Error {
  constructor(
    readonly number: number,
    message: string,
    readonly severity = 16,
    readonly state = 1,
  ) {
    super(message);
  }
}

export const invalidObject = (name: string) => new SqlServerError(208, `Invalid object name '${name}'.`);
export const invalidColumn = (name: string) => new SqlServerError(207, `Invalid column name '${name}'.`);

export interface ResolvedSelect {
  columns: ResultColumn[];
  rows: () => Iterable<unknown[]>;
  delayMs: number;
}

const sysname: SqlType = { name: 'nvarchar', length: 128 };

/** INFORMATION_SCHEMA.TABLES: the columns SQL Server gives it (TABLE_TYPE is varchar(10)). */
function informationSchemaTables(tables: FakeTable[], database: string): FakeTable {
  return {
    schema: 'INFORMATION_SCHEMA',
    name: 'TABLES',
    columns: [
      { name: 'TABLE_CATALOG', type: sysname },
      { name: 'TABLE_SCHEMA', type: sysname },
      { name: 'TABLE_NAME', type: sysname },
      { name: 'TABLE_TYPE', type: { name: 'varchar', length: 10 } },
    ],
    rows: () => tables.map((table) => [database, table.schema, table.name, 'BASE TABLE']),
  };
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** SQL Server's LIKE under a case-insensitive collation: %, _, [abc] and [%] escapes. */
function like(value: string, pattern: string): boolean {
  let regex = '';
  for (let at = 0; at < pattern.length; at += 1) {
    const char = pattern[at];
    if (char === '%') regex += '[\\s\\S]*';
    else if (char === '_') regex += '[\\s\\S]';
    else if (char === '[') {
      const end = pattern.indexOf(']', at + 2);
      const set = pattern.slice(at + 1, end);
      regex += set.length === 1 ? set.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : `[${set.replace(/\\/g, '\\\\')}]`;
      at = end;
    } else regex += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 'i').test(value);
}

/** The fake's "query planner": resolves names (208/207), then filters, orders and limits lazily. */
export function resolveSelect(statement: SelectStatement, tables: FakeTable[], database: string, params: Map<string, unknown>): ResolvedSelect {
  const value = (operand: Operand, row?: unknown[], source?: FakeTable): unknown => {
    if (operand.kind === 'string' || operand.kind === 'number') return operand.value;
    if (operand.kind === 'param') {
      if (!params.has(operand.name.toLowerCase())) throw new SqlServerError(137, `Must declare the scalar variable "${operand.name}".`, 15, 2);
      return params.get(operand.name.toLowerCase());
    }
    const index = source ? source.columns.findIndex((column) => same(column.name, operand.name)) : -1;
    if (index < 0) throw invalidColumn(operand.name);
    return row?.[index];
  };

  if (!statement.from) {
    const columns = statement.items.map((item): ResultColumn => {
      if (item.expression.kind === 'star') throw new SqlServerError(263, 'Must specify table to select from.');
      const type: SqlType =
        item.expression.kind === 'number' ? { name: 'int' } : { name: 'varchar', length: String(value(item.expression)).length || 1 };
      return { name: item.alias ?? (item.expression.kind === 'column' ? item.expression.name : ''), type };
    });
    const row = statement.items.map((item) => value(item.expression as Operand));
    return { columns, rows: () => [row], delayMs: 0 };
  }

  const { schema = 'dbo', name } = statement.from;
  const source =
    same(schema, 'INFORMATION_SCHEMA') && same(name, 'TABLES')
      ? informationSchemaTables(tables, database)
      : tables.find((table) => same(table.schema, schema) && same(table.name, name));
  if (!source) throw invalidObject(statement.from.schema ? `${statement.from.schema}.${name}` : name);

  const picks: Array<{ column: ResultColumn; index: number } | { column: ResultColumn; constant: unknown }> = [];
  for (const item of statement.items) {
    if (item.expression.kind === 'star') {
      source.columns.forEach((column, index) => picks.push({ column, index }));
    } else if (item.expression.kind === 'column') {
      const columnName = item.expression.name;
      const index = source.columns.findIndex((column) => same(column.name, columnName));
      if (index < 0) throw invalidColumn(columnName);
      picks.push({ column: { name: item.alias ?? source.columns[index].name, type: source.columns[index].type }, index });
    } else {
      const constant = value(item.expression);
      picks.push({
        column: { name: item.alias ?? '', type: typeof constant === 'number' ? { name: 'int' } : { name: 'varchar', length: 8000 } },
        constant,
      });
    }
  }
  const where = statement.where;
  if (where) [...where.left, where.right].forEach((operand) => operand.kind === 'column' && value(operand, [], source));
  const order = statement.orderBy.map(({ name: columnName, descending }) => {
    const index = source.columns.findIndex((column) => same(column.name, columnName));
    if (index < 0) throw invalidColumn(columnName);
    return { index, descending };
  });
  const top = statement.top ? Number(value(statement.top)) : Infinity;

  const rows = function* (): Iterable<unknown[]> {
    let selected: Iterable<unknown[]> = source.rows();
    if (where) {
      const all = selected;
      selected = (function* () {
        for (const row of all) {
          const left = where.left.map((operand) => value(operand, row, source));
          const right = value(where.right, row, source);
          if (left.some((part) => part === null || part === undefined) || right === null || right === undefined) continue;
          const text = left.map(String).join('');
          if (where.operator === 'like' ? like(text, String(right)) : same(text, String(right))) yield row;
        }
      })();
    }
    if (order.length > 0) {
      const sorted = [...selected].sort((a, b) => {
        for (const { index, descending } of order) {
          const compare = String(a[index] ?? '').localeCompare(String(b[index] ?? ''), 'en', { sensitivity: 'base' });
          if (compare !== 0) return descending ? -compare : compare;
        }
        return 0;
      });
      selected = sorted;
    }
    let count = 0;
    for (const row of selected) {
      if (count >= top) return;
      count += 1;
      yield picks.map((pick) => ('index' in pick ? row[pick.index] : pick.constant));
    }
  };
  return { columns: picks.map((pick) => pick.column), rows, delayMs: source.delayMs ?? 0 };
}

/** Finds a table by a one- or two-part name as sp_spaceused takes it ('people', 'dbo.people', '[dbo].[people]'). */
export function findTable(tables: FakeTable[], objectName: string): FakeTable | undefined {
  const parts = [...objectName.matchAll(/\[((?:[^\]]|\]\])*)\]|([^.[\]]+)/g)].map((match) => (match[1] ?? match[2]).replaceAll(']]', ']'));
  const name = parts.at(-1) ?? '';
  const schema = parts.length > 1 ? parts[parts.length - 2] : 'dbo';
  return tables.find((table) => same(table.schema, schema) && same(table.name, name));
}
