import { like, parseSql, SqlSyntaxError, type Expr, type Select } from '../mini-sql/parse';
import type { FakeCluster } from './cluster';
import { esErrors } from './errors';
import type { EsError, FieldMapping, StoredIndex } from './types';

export interface SqlColumn {
  name: string;
  type: string;
}

/** A query's result: rows made on demand from the documents. */
export interface SqlResult {
  columns: SqlColumn[];
  count: number;
  /** Throws EsFailure for a field holding an array without leniency. */
  row(index: number): unknown[];
  latencyMs: number;
}

export class EsFailure extends Error {
  constructor(readonly reply: EsError) {
    super(String(reply.body.error.reason));
  }
}

/** ES SQL type names: date fields are `datetime`; everything else keeps its mapping type. */
const sqlType = (type: string) => (type === 'date' || type === 'date_nanos' ? 'datetime' : type);

/** Leaf fields of a mapping, by dotted path, sorted as Elasticsearch returns mappings. Objects (and nested) are flattened. */
function leaves(mappings: Record<string, FieldMapping>, prefix = ''): SqlColumn[] {
  return Object.entries(mappings).flatMap(([name, field]) =>
    field.properties ? leaves(field.properties, `${prefix}${name}.`) : [{ name: `${prefix}${name}`, type: sqlType(field.type) }],
  );
}

function fieldValue(doc: Record<string, unknown>, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) return value.length === 0 ? null : value; // an array of objects: reported as an array
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  }
  return value === undefined ? null : value;
}

function render(value: unknown, column: SqlColumn, lenient: boolean): unknown {
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length > 1 && !lenient) throw new EsFailure(esErrors.arrays(column.name));
    value = value[0];
  }
  if (value === null) return null;
  if (column.type === 'datetime') return new Date(value as string | number).toISOString();
  return value;
}

function position(sql: string, name: string): { line: number; column: number } {
  const offset = Math.max(0, sql.indexOf(name));
  const before = sql.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function evaluate(expr: Expr, lookup: (name: string) => unknown): unknown {
  if (expr.kind === 'string' || expr.kind === 'number') return expr.value;
  if (expr.kind === 'column') return lookup(expr.path.join('.'));
  return null;
}

function build(sql: string, select: Select, cluster: FakeCluster, lenient: boolean): SqlResult {
  let indices: StoredIndex[] = [];
  let available: SqlColumn[] = [];
  if (select.from) {
    if (select.from.kind === 'function') throw new EsFailure(esErrors.parsing(1, sql.indexOf('('), '(', '<EOF>'));
    const name = select.from.path.join('.');
    indices = cluster.resolve(name);
    if (indices.length === 0) {
      const { line, column } = position(sql, name);
      throw new EsFailure(esErrors.unknownIndex(line, column, name));
    }
    const byName = new Map<string, SqlColumn>();
    for (const index of indices) for (const column of leaves(index.mappings)) byName.set(column.name, column);
    available = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
  const known = (path: string[]) => {
    const name = path.join('.');
    const column = available.find((c) => c.name === name);
    if (!column) {
      const { line, column: at } = position(sql, path[0]);
      throw new EsFailure(esErrors.unknownColumn(line, at, name));
    }
    return column;
  };
  const items = select.items.flatMap((item) => {
    if (item.kind === 'star') return available.map((column) => ({ column, expr: { kind: 'column', path: [column.name] } as Expr }));
    if (item.expr.kind === 'column') return [{ column: { ...known(item.expr.path), name: item.alias ?? item.expr.path.join('.') }, expr: item.expr }];
    const type = item.expr.kind === 'number' ? 'integer' : 'keyword';
    return [{ column: { name: item.alias ?? item.text, type }, expr: item.expr }];
  });
  select.where.forEach(({ left, right }) => [left, right].forEach((e) => e.kind === 'column' && known(e.path)));

  const docs = indices.map((index) => ({ index, count: index.count }));
  const total = select.from ? docs.reduce((sum, d) => sum + d.count, 0) : 1;
  const docAt = (i: number): Record<string, unknown> => {
    for (const { index, count } of docs) {
      if (i < count) return index.doc(i);
      i -= count;
    }
    return {};
  };
  const raw = (doc: Record<string, unknown>) => (name: string) => fieldValue(doc, name);
  let order: number[] | null = null;
  if (select.where.length > 0 || select.orderBy.length > 0) {
    order = [];
    for (let i = 0; i < total; i += 1) {
      const lookup = raw(docAt(i));
      const keep = select.where.every(({ left, op, right }) => {
        const a = evaluate(left, lookup);
        const b = evaluate(right, lookup);
        if (a === null || b === null) return false;
        return op === '=' ? a === b : op === '<>' ? a !== b : like(String(a), String(b));
      });
      if (keep) order.push(i);
    }
    for (const { expr, desc } of [...select.orderBy].reverse()) {
      order.sort((x, y) => {
        const a = String(evaluate(expr, raw(docAt(x))) ?? '');
        const b = String(evaluate(expr, raw(docAt(y))) ?? '');
        return a === b ? 0 : (a < b ? -1 : 1) * (desc ? -1 : 1);
      });
    }
  }
  let count = order ? order.length : total;
  if (select.limit !== null) count = Math.min(count, select.limit);
  return {
    columns: items.map((item) => item.column),
    count,
    latencyMs: Math.max(0, ...indices.map((index) => index.latencyMs)),
    row: (i) => {
      const lookup = raw(select.from ? docAt(order ? order[i] : i) : {});
      return items.map(({ column, expr }) => render(evaluate(expr, lookup), column, lenient));
    },
  };
}

/** Compiles an ES SQL query, or throws EsFailure with the error Elasticsearch would answer. */
export function compileSql(sql: string, cluster: FakeCluster, lenient: boolean): SqlResult {
  try {
    const statement = parseSql(sql, { quote: '"', dashInNames: true });
    if (statement.describe) throw new SqlSyntaxError('DESCRIBE', 1, 0, "{'SELECT', 'SHOW'}");
    return build(sql, statement.select, cluster, lenient);
  } catch (error) {
    if (error instanceof SqlSyntaxError) throw new EsFailure(esErrors.parsing(error.line, error.column, error.near, error.expected));
    throw error;
  }
}
