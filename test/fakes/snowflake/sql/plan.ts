import type { FakeSnowflakeState, FakeTable } from '../state';
import { rowTypeEntry, toWire, type ColumnType, type RowTypeEntry } from '../wire';
import type { Expr, Select, Source } from './ast';
import { parseSelect } from './parse';
import { lineAndPosition, SyntaxError } from './tokens';

/** A statement Snowflake refuses or fails: its error code, SQLSTATE and message, as the API reports them. */
export class SqlFailure extends Error {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
  }
}

/** The statement's context: what the request body asked for, resolved against the account (null: none usable). */
export interface SessionContext {
  state: FakeSnowflakeState;
  role: string;
  warehouse: string | null;
  database: string | null;
  schema: string | null;
  bindings: Record<string, { type: string; value: string }>;
  /** The statement's text, to point into it in error messages. */
  sql: string;
}

/** What running a statement produces: its columns, and its rows computed one by one on demand (never all at once). */
export interface Plan {
  columns: RowTypeEntry[];
  rowCount: number;
  row(index: number): Array<string | null>;
  /** Reads data or computes rows: needs a running warehouse. */
  needsWarehouse: boolean;
  /** SYSTEM$WAIT time. */
  waitMs: number;
  /** Set when reading a row fails (a bad value met while scanning): the statement fails when it executes. */
  readFailure?: SqlFailure;
}

interface Env {
  index: number;
  values: unknown[];
}

interface Compiled {
  type: ColumnType;
  value(env: Env): unknown;
}

/** A source's rows with typed JS values, for expressions to use. */
interface Relation {
  columns: Array<{ name: string; type: ColumnType; entry: RowTypeEntry }>;
  rowCount: number;
  values(index: number): unknown[];
  wire(index: number): Array<string | null>;
  needsWarehouse: boolean;
  waitMs: number;
  readFailure?: SqlFailure;
}

const TEXT: ColumnType = { type: 'text' };
const BOOLEAN: ColumnType = { type: 'boolean' };
const BIGINT: ColumnType = { type: 'fixed', precision: 38, scale: 0 };

function invalidIdentifier(name: string, position: number, sql: string): SqlFailure {
  return new SqlFailure('000904', '42000', `SQL compilation error: error ${lineAndPosition(sql, position)}\ninvalid identifier '${name}'`);
}

/** Turns a wire string back into the JS value expressions compute with. */
function fromWire(text: string | null, type: ColumnType): unknown {
  if (text === null) return null;
  if (type.type === 'fixed' || type.type === 'real' || type.type === 'date') return Number(text);
  if (type.type === 'boolean') return text === 'true';
  return text;
}

function asText(value: unknown, type: ColumnType): string | null {
  if (value === null || value === undefined) return null;
  if (type.type === 'fixed') return toWire(value, type);
  if (type.type === 'date') return new Date(Number(value) * 86_400_000).toISOString().slice(0, 10);
  return String(value);
}

class Planner {
  private waitMs = 0;
  private needsWarehouse = false;

  constructor(private readonly ctx: SessionContext) {}

  plan(select: Select): Plan {
    const relation = this.relation(select);
    return {
      columns: relation.columns.map((column) => column.entry),
      rowCount: relation.rowCount,
      row: (index) => relation.wire(index),
      needsWarehouse: relation.needsWarehouse,
      waitMs: relation.waitMs,
      ...(relation.readFailure ? { readFailure: relation.readFailure } : {}),
    };
  }

  private relation(select: Select): Relation {
    const source = select.from ? this.source(select.from) : null;
    const scope = source?.columns ?? [];
    const outputs: Array<{ name: string; compiled: Compiled; entry: RowTypeEntry; passthrough?: number }> = [];
    select.items.forEach((item, position) => {
      if (item.expr === '*') {
        if (!source) throw new SqlFailure('001003', '42000', 'SQL compilation error:\nSELECT * with no tables specified is not valid');
        scope.forEach((column, index) =>
          outputs.push({
            name: column.name,
            compiled: { type: column.type, value: (env) => env.values[index] },
            entry: column.entry,
            passthrough: index,
          }),
        );
        return;
      }
      const compiled = this.expr(item.expr, scope);
      const name = item.alias ?? (item.expr.kind === 'column' ? item.expr.name : `$${position + 1}`);
      const passthrough = item.expr.kind === 'column' ? scope.findIndex((c) => c.name === (item.expr as { name: string }).name) : undefined;
      const entry = passthrough !== undefined && passthrough >= 0 ? { ...scope[passthrough].entry, name } : rowTypeEntry(name, compiled.type);
      outputs.push({ name, compiled, entry, ...(passthrough !== undefined && passthrough >= 0 ? { passthrough } : {}) });
    });

    const baseCount = source ? source.rowCount : 1;
    const envOf = (index: number): Env => ({ index, values: source ? source.values(index) : [] });
    let indices: number[] | null = null;
    if (select.where) {
      const condition = this.expr(select.where, scope);
      indices = [];
      for (let index = 0; index < baseCount; index += 1) if (condition.value(envOf(index)) === true) indices.push(index);
    }
    if (select.orderBy) {
      const keys = select.orderBy.map((expr) => this.expr(expr, scope));
      indices ??= Array.from({ length: baseCount }, (_, index) => index);
      const cached = new Map(indices.map((index) => [index, keys.map((key) => key.value(envOf(index)))]));
      indices.sort((a, b) => {
        for (let k = 0; k < keys.length; k += 1) {
          const [x, y] = [cached.get(a)![k] as string | number, cached.get(b)![k] as string | number];
          if (x < y) return -1;
          if (x > y) return 1;
        }
        return 0;
      });
    }
    let rowCount = indices ? indices.length : baseCount;
    if (select.limit !== undefined) rowCount = Math.min(rowCount, select.limit);
    const at = (n: number) => (indices ? indices[n] : n);
    const reads = rowCount > 0;
    return {
      columns: outputs.map((output) => ({ name: output.name, type: output.compiled.type, entry: output.entry })),
      rowCount,
      values: (n) => {
        const env = envOf(at(n));
        return outputs.map((output) => output.compiled.value(env));
      },
      wire: (n) => {
        const sourceIndex = at(n);
        const wire = source && outputs.some((o) => o.passthrough !== undefined) ? source.wire(sourceIndex) : null;
        const env = envOf(sourceIndex);
        return outputs.map((output) =>
          output.passthrough !== undefined && wire ? wire[output.passthrough] : toWire(output.compiled.value(env), output.compiled.type),
        );
      },
      // A LIMIT 0 plan reads nothing: no warehouse, and a bad value in the source is never met.
      needsWarehouse: reads && (this.needsWarehouse || (source?.needsWarehouse ?? false)),
      waitMs: reads ? this.waitMs + (source?.waitMs ?? 0) : 0,
      ...(reads && source?.readFailure ? { readFailure: source.readFailure } : {}),
    };
  }

  private source(source: Source): Relation {
    if (source.kind === 'subquery') return new Planner(this.ctx).relation(source.query);
    if (source.kind === 'generator') {
      return { columns: [], rowCount: source.rowCount, values: () => [], wire: () => [], needsWarehouse: true, waitMs: 0 };
    }
    return this.table(source);
  }

  private table(source: Extract<Source, { kind: 'table' }>): Relation {
    const { state, role } = this.ctx;
    const [name, schema, database] = [...source.parts].reverse();
    const db = database ?? this.ctx.database;
    if (!db) {
      throw new SqlFailure(
        '090105',
        '22000',
        "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.",
      );
    }
    const sch = schema ?? this.ctx.schema;
    if (!sch)
      throw new SqlFailure(
        '090106',
        '22000',
        "Cannot perform SELECT. This session does not have a current schema. Call 'USE SCHEMA', or use a qualified name.",
      );
    const qualified = `${db}.${sch}.${name}`;
    const notFound = new SqlFailure('002003', '42S02', `SQL compilation error:\nObject '${qualified}' does not exist or not authorized.`);
    if (!state.databases.has(db) || !state.hasAny(role, 'DATABASE', db)) throw notFound;
    if (sch === 'INFORMATION_SCHEMA' && name === 'TABLES') return this.informationSchemaTables(db);
    const table = state.table(db, sch, name);
    if (!table || !state.hasAny(role, 'SCHEMA', `${db}.${sch}`) || !state.hasAny(role, 'TABLE', qualified)) throw notFound;
    if (!state.has(role, 'SELECT', 'TABLE', qualified)) {
      throw new SqlFailure('003001', '42501', `SQL access control error:\nInsufficient privileges to operate on table '${name}'`);
    }
    return this.tableRelation(table);
  }

  private tableRelation(table: FakeTable): Relation {
    const where = { database: table.database, schema: table.schema, table: table.name };
    return {
      columns: table.columns.map((column) => ({ ...column, entry: rowTypeEntry(column.name, column.type, where) })),
      rowCount: table.rows.length,
      values: (index) => table.rows[index].map((text, c) => fromWire(text, table.columns[c].type)),
      wire: (index) => table.rows[index],
      needsWarehouse: true,
      waitMs: 0,
      ...(table.failsOnRead ? { readFailure: new SqlFailure('100038', '22018', table.failsOnRead) } : {}),
    };
  }

  /** <db>.INFORMATION_SCHEMA.TABLES: the tables the role can see, as BASE TABLE rows. */
  private informationSchemaTables(database: string): Relation {
    const { state, role } = this.ctx;
    const rows: Array<Array<string | number>> = [];
    for (const [schema, tables] of state.databases.get(database) ?? []) {
      for (const name of tables.keys()) {
        if (state.hasAny(role, 'TABLE', `${database}.${schema}.${name}`))
          rows.push([database, schema, name, 'BASE TABLE', tables.get(name)!.rows.length]);
      }
    }
    const where = { database, schema: 'INFORMATION_SCHEMA', table: 'TABLES' };
    const columns = [
      ...['TABLE_CATALOG', 'TABLE_SCHEMA', 'TABLE_NAME', 'TABLE_TYPE'].map((name) => ({ name, type: TEXT, entry: rowTypeEntry(name, TEXT, where) })),
      { name: 'ROW_COUNT', type: BIGINT, entry: rowTypeEntry('ROW_COUNT', BIGINT, where) },
    ];
    const wire = (index: number) => rows[index].map((value, c) => toWire(value, columns[c].type));
    return { columns, rowCount: rows.length, values: (index) => rows[index], wire, needsWarehouse: true, waitMs: 0 };
  }

  private expr(expr: Expr, scope: Relation['columns']): Compiled {
    switch (expr.kind) {
      case 'number': {
        const [whole, fraction = ''] = expr.text.split('.');
        const value = Number(expr.text);
        return {
          type: { type: 'fixed', precision: Math.max(1, whole.replace(/^0+/, '').length + fraction.length), scale: fraction.length },
          value: () => value,
        };
      }
      case 'string':
        return { type: TEXT, value: () => expr.value };
      case 'boolean':
        return { type: BOOLEAN, value: () => expr.value };
      case 'null':
        return { type: TEXT, value: () => null };
      case 'binding': {
        const binding = this.ctx.bindings[String(expr.index)];
        if (!binding) throw new SqlFailure('002049', '42601', `SQL compilation error: error line 1 at position 0\nBind variable ? not set.`);
        return { type: TEXT, value: () => binding.value };
      }
      case 'column': {
        const index = scope.findIndex((column) => column.name === expr.name);
        if (index < 0) throw invalidIdentifier(expr.name, expr.position, this.ctx.sql);
        return { type: scope[index].type, value: (env) => env.values[index] };
      }
      case 'cast':
        return this.cast(this.expr(expr.expr, scope), expr.type);
      case 'binary':
        return this.binary(expr.op, this.expr(expr.left, scope), this.expr(expr.right, scope));
      case 'call':
        return this.call(expr, scope);
    }
  }

  private cast(inner: Compiled, type: string): Compiled {
    if (type === 'DATE') return { type: { type: 'date' }, value: (env) => Math.round(Date.parse(`${inner.value(env)}T00:00:00Z`) / 86_400_000) };
    if (type === 'TEXT' || type === 'VARCHAR' || type === 'STRING') return { type: TEXT, value: (env) => asText(inner.value(env), inner.type) };
    if (type === 'VARIANT') return { type: { type: 'variant' }, value: (env) => inner.value(env) };
    if (type === 'NUMBER' || type === 'INT' || type === 'INTEGER') return { type: BIGINT, value: (env) => Math.trunc(Number(inner.value(env))) };
    throw new SqlFailure('002040', '42601', `SQL compilation error:\nUnsupported data type '${type}'.`);
  }

  private binary(op: string, left: Compiled, right: Compiled): Compiled {
    if (op === '||')
      return {
        type: TEXT,
        value: (env) => {
          const [a, b] = [asText(left.value(env), left.type), asText(right.value(env), right.type)];
          return a === null || b === null ? null : a + b;
        },
      };
    if (op === 'AND') return { type: BOOLEAN, value: (env) => left.value(env) === true && right.value(env) === true };
    if (op === 'OR') return { type: BOOLEAN, value: (env) => left.value(env) === true || right.value(env) === true };
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
      return {
        type: BOOLEAN,
        value: (env) => {
          const [a, b] = [left.value(env) as number | string, right.value(env) as number | string];
          if (a === null || b === null) return null;
          return op === '=' ? a === b : op === '<>' ? a !== b : op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b;
        },
      };
    }
    const [l, r] = [left.type, right.type];
    if (l.type !== 'fixed' && l.type !== 'real') throw new SqlFailure('100038', '22018', `Numeric value is not recognized`);
    const real = l.type === 'real' || r.type === 'real';
    const [ls, rs] = [l.type === 'fixed' ? l.scale : 0, r.type === 'fixed' ? r.scale : 0];
    // Snowflake's result scales: + - % keep the larger scale, * adds them, / gives at least 6 decimals (at most 12).
    const scale = op === '*' ? ls + rs : op === '/' ? Math.max(ls, Math.min(ls + 6, 12)) : Math.max(ls, rs);
    const type: ColumnType = real ? { type: 'real' } : { type: 'fixed', precision: 38, scale };
    const compute = (a: number, b: number) => (op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : a % b);
    return {
      type,
      value: (env) => {
        const [a, b] = [left.value(env), right.value(env)];
        if (a === null || b === null) return null;
        if (op === '/' && Number(b) === 0) throw new SqlFailure('100051', '22012', 'Division by zero');
        return compute(Number(a), Number(b));
      },
    };
  }

  private call(expr: Extract<Expr, { kind: 'call' }>, scope: Relation['columns']): Compiled {
    const args = expr.args;
    const constant = (index: number): number => {
      const arg = args[index];
      if (arg?.kind !== 'number')
        throw new SqlFailure(
          '001015',
          '22023',
          `SQL compilation error:\nargument ${index + 1} to function ${expr.name} needs to be constant, found '${arg?.kind ?? 'nothing'}'`,
        );
      return Number(arg.text);
    };
    const compiled = () => args.map((arg) => this.expr(arg, scope));
    switch (expr.name) {
      case 'SEQ4':
      case 'SEQ8':
        return { type: BIGINT, value: (env) => env.index };
      case 'CURRENT_WAREHOUSE':
        return { type: TEXT, value: () => this.ctx.warehouse };
      case 'CURRENT_DATABASE':
        return { type: TEXT, value: () => this.ctx.database };
      case 'CURRENT_SCHEMA':
        return { type: TEXT, value: () => this.ctx.schema };
      case 'CURRENT_ROLE':
        return { type: TEXT, value: () => this.ctx.role };
      case 'SYSTEM$WAIT': {
        const seconds = constant(0);
        this.waitMs += seconds * 1000;
        this.needsWarehouse = true;
        return { type: TEXT, value: () => `waited ${seconds} seconds` };
      }
      case 'LOWER':
      case 'UPPER': {
        const [arg] = compiled();
        return {
          type: TEXT,
          value: (env) => {
            const text = asText(arg.value(env), arg.type);
            return text === null ? null : expr.name === 'LOWER' ? text.toLowerCase() : text.toUpperCase();
          },
        };
      }
      case 'CONTAINS': {
        const [haystack, needle] = compiled();
        return {
          type: BOOLEAN,
          value: (env) => {
            const [a, b] = [asText(haystack.value(env), haystack.type), asText(needle.value(env), needle.type)];
            return a === null || b === null ? null : a.includes(b);
          },
        };
      }
      case 'TO_DECIMAL':
      case 'TO_NUMBER': {
        const [arg] = compiled();
        const precision = args.length > 1 ? constant(1) : 38;
        const scale = args.length > 2 ? constant(2) : 0;
        return {
          type: { type: 'fixed', precision, scale },
          value: (env) => {
            const v = arg.value(env);
            return v === null ? null : Math.round(Number(v) * 10 ** scale) / 10 ** scale;
          },
        };
      }
      case 'DATEADD': {
        const [part, amount, date] = compiled();
        if (args[0]?.kind !== 'string' || !['DAY', 'DAYS'].includes((args[0] as { value: string }).value))
          throw new SqlFailure('001003', '42000', 'SQL compilation error:\nfake Snowflake: DATEADD supports DAY only');
        void part;
        return { type: { type: 'date' }, value: (env) => Number(date.value(env)) + Number(amount.value(env)) };
      }
      case 'PARSE_JSON': {
        const [arg] = compiled();
        return {
          type: { type: 'variant' },
          value: (env) => {
            const text = arg.value(env);
            try {
              return text === null ? null : JSON.parse(String(text));
            } catch {
              throw new SqlFailure('100069', '22P02', `Error parsing JSON: ${String(text).slice(0, 20)}`);
            }
          },
        };
      }
      case 'TO_VARCHAR': {
        const [arg] = compiled();
        return { type: TEXT, value: (env) => asText(arg.value(env), arg.type) };
      }
      default:
        throw new SqlFailure('002140', '42601', `SQL compilation error:\nUnknown function ${expr.name}`);
    }
  }
}

/** Compiles a statement against the session: its columns and lazily computed rows, or the SqlFailure Snowflake answers. */
export function planStatement(sql: string, ctx: SessionContext): Plan {
  let select: Select;
  try {
    select = parseSelect(sql);
  } catch (error) {
    if (error instanceof SyntaxError) throw new SqlFailure('001003', '42000', error.message);
    throw error;
  }
  return new Planner(ctx).plan(select);
}
