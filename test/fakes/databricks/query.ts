import { like, parseSql, SqlSyntaxError, type Condition, type Expr, type Select, type SelectItem } from '../mini-sql/parse';
import type { FakeCatalog } from './catalog';
import { statementErrors } from './errors';
import { columnInfo } from './type-names';
import type { ColumnInfo, ResultSet, StatementError } from './types';

type Wire = string | null;
interface Rows {
  columns: ColumnInfo[];
  count: number;
  row(index: number): Wire[];
  runMs: number;
}

export interface QueryContext {
  catalog: FakeCatalog;
  /** The request's catalog and schema (or the workspace defaults). */
  currentCatalog: string;
  currentSchema: string;
  parameters: Map<string, string | null>;
}

class Failure extends Error {
  constructor(readonly error: StatementError) {
    super(error.message);
  }
}

/** The fake-only and built-in table functions: range(n) is Databricks'; fake_people(n) and fake_sleep(s) are the fake's own. */
function tableFunction(name: string, args: Wire[]): Rows {
  const count = Number(args[0] ?? 0);
  switch (name) {
    case 'range':
      return { columns: [columnInfo('id', 'BIGINT', 0)], count, row: (i) => [String(i)], runMs: 0 };
    case 'fake_people':
      return {
        columns: [
          columnInfo('id', 'INT', 0),
          columnInfo('email', 'STRING', 1),
          columnInfo('amount', 'DECIMAL(10,2)', 2),
          columnInfo('created', 'DATE', 3),
        ],
        count,
        row: (i) => {
          const id = i + 1;
          const day = new Date(Date.UTC(2024, 0, 1 + (i % 365))).toISOString().slice(0, 10);
          return [String(id), `person${id}@example.com`, (((id * 7919) % 100000) / 100).toFixed(2), day];
        },
        runMs: 0,
      };
    case 'fake_sleep':
      return { columns: [columnInfo('slept', 'INT', 0)], count: 1, row: () => [String(count)], runMs: count * 1000 };
    default:
      throw new Failure(statementErrors.unknownFunction(name));
  }
}

function informationSchemaTables(ctx: QueryContext, catalog: string): Rows {
  const tables = ctx.catalog.inCatalog(catalog);
  const columns = ['table_catalog', 'table_schema', 'table_name', 'table_type'].map((name, i) => columnInfo(name, 'STRING', i));
  return { columns, count: tables.length, row: (i) => [tables[i].catalog, tables[i].schema, tables[i].name, 'MANAGED'], runMs: 0 };
}

function sourceRows(select: Select, ctx: QueryContext): Rows {
  const { from } = select;
  if (!from) return { columns: [], count: 1, row: () => [], runMs: 0 };
  if (from.kind === 'function')
    return tableFunction(
      from.name,
      from.args.map((arg) => evaluate(arg, () => null, ctx)),
    );
  const path = from.path;
  const last2 = path
    .slice(-2)
    .map((p) => p.toLowerCase())
    .join('.');
  if (last2 === 'information_schema.tables') return informationSchemaTables(ctx, path.length === 3 ? path[0] : ctx.currentCatalog);
  const table = ctx.catalog.resolve(path, ctx.currentCatalog, ctx.currentSchema);
  if (!table) throw new Failure(statementErrors.tableNotFound(path.join('.')));
  return { columns: table.columns, count: table.rows.length, row: (i) => table.rows[i], runMs: 0 };
}

function evaluate(expr: Expr, column: (name: string) => Wire, ctx: QueryContext): Wire {
  switch (expr.kind) {
    case 'string':
      return expr.value;
    case 'number':
      return String(expr.value);
    case 'param':
      if (!ctx.parameters.has(expr.name)) throw new Failure(statementErrors.unboundParameter(expr.name));
      return ctx.parameters.get(expr.name) ?? null;
    case 'column':
      return column(expr.path[expr.path.length - 1]);
    case 'call': {
      const args = expr.args.map((arg) => evaluate(arg, column, ctx));
      switch (expr.name) {
        case 'lower':
          return args[0]?.toLowerCase() ?? null;
        case 'upper':
          return args[0]?.toUpperCase() ?? null;
        case 'concat':
          return args.some((a) => a === null) ? null : args.join('');
        case 'concat_ws':
          return args
            .slice(1)
            .filter((a) => a !== null)
            .join(args[0] ?? '');
        case 'raise_error':
          return null;
        default:
          throw new Failure(statementErrors.unknownFunction(expr.name));
      }
    }
  }
}

function exprType(expr: Expr, columns: ColumnInfo[]): string {
  if (expr.kind === 'column')
    return columns.find((c) => c.name.toLowerCase() === expr.path[expr.path.length - 1].toLowerCase())?.type_text ?? 'STRING';
  if (expr.kind === 'number') return 'INT';
  if (expr.kind === 'call' && expr.name === 'raise_error') return 'VOID';
  return 'STRING';
}

function checkColumns(expr: Expr, columns: ColumnInfo[]): void {
  if (expr.kind === 'column') {
    const name = expr.path[expr.path.length - 1];
    if (!columns.some((c) => c.name.toLowerCase() === name.toLowerCase()))
      throw new Failure(
        statementErrors.columnNotFound(
          name,
          columns.map((c) => c.name),
        ),
      );
  }
  if (expr.kind === 'call') expr.args.forEach((arg) => checkColumns(arg, columns));
}

function matches(conditions: Condition[], column: (name: string) => Wire, ctx: QueryContext): boolean {
  return conditions.every(({ left, op, right }) => {
    const a = evaluate(left, column, ctx);
    const b = evaluate(right, column, ctx);
    if (a === null || b === null) return false;
    return op === '=' ? a === b : op === '<>' ? a !== b : like(a, b);
  });
}

function project(select: Select, source: Rows, ctx: QueryContext): ResultSet {
  const items: Array<Exclude<SelectItem, { kind: 'star' }>> = select.items.flatMap((item) =>
    item.kind === 'star'
      ? source.columns.map((c) => ({ kind: 'expr' as const, expr: { kind: 'column' as const, path: [c.name] }, alias: null, text: c.name }))
      : [item],
  );
  for (const item of items) checkColumns(item.expr, source.columns);
  select.where.forEach((c) => (checkColumns(c.left, source.columns), checkColumns(c.right, source.columns)));
  const columns = items.map((item, i) =>
    columnInfo(
      item.alias ?? (item.expr.kind === 'column' ? item.expr.path[item.expr.path.length - 1] : item.text),
      exprType(item.expr, source.columns),
      i,
    ),
  );
  const position = new Map(source.columns.map((c, i) => [c.name.toLowerCase(), i]));
  const lookup = (row: Wire[]) => (name: string) => row[position.get(name.toLowerCase()) ?? -1] ?? null;

  // Tables are small: filter and sort eagerly. Generated rows are never filtered, so they stay lazy.
  let indices: number[] | null = null;
  if (select.where.length > 0 || select.orderBy.length > 0) {
    indices = [];
    for (let i = 0; i < source.count; i += 1) if (matches(select.where, lookup(source.row(i)), ctx)) indices.push(i);
    if (select.orderBy.length > 0) {
      indices.sort((x, y) => {
        for (const { expr, desc } of select.orderBy) {
          const a = evaluate(expr, lookup(source.row(x)), ctx) ?? '';
          const b = evaluate(expr, lookup(source.row(y)), ctx) ?? '';
          if (a !== b) return (a < b ? -1 : 1) * (desc ? -1 : 1);
        }
        return 0;
      });
    }
  }
  let count = indices ? indices.length : source.count;
  if (select.limit !== null) count = Math.min(count, select.limit);
  const raised = items.find((item) => item.expr.kind === 'call' && item.expr.name === 'raise_error');
  return {
    columns,
    rowCount: count,
    runMs: source.runMs,
    row: (i) => {
      const row = source.row(indices ? indices[i] : i);
      return items.map((item) => evaluate(item.expr, lookup(row), ctx));
    },
    ...(raised && raised.expr.kind === 'call' ? { failure: statementErrors.raised(evaluate(raised.expr.args[0], () => null, ctx) ?? 'null') } : {}),
  };
}

function describe(result: ResultSet): ResultSet {
  const columns = ['col_name', 'data_type', 'comment'].map((name, i) => columnInfo(name, 'STRING', i));
  return {
    columns,
    rowCount: result.columns.length,
    runMs: 0,
    row: (i) => [result.columns[i].name, result.columns[i].type_text.toLowerCase(), null],
  };
}

/** Compiles `sql` into its result, or the statement error Databricks would report. */
export function runQuery(sql: string, ctx: QueryContext): { result: ResultSet } | { error: StatementError } {
  try {
    const statement = parseSql(sql, { quote: '`' });
    const result = project(statement.select, sourceRows(statement.select, ctx), ctx);
    // DESCRIBE QUERY compiles the query but never runs it: no wait, no raise_error.
    return { result: statement.describe ? describe(result) : result };
  } catch (error) {
    if (error instanceof SqlSyntaxError) return { error: statementErrors.parse(error.near, error.line, error.column) };
    if (error instanceof Failure) return { error: error.error };
    throw error;
  }
}
