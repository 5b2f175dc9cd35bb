import { FakeQueryError } from './query-error';
import type { FakeField, FakeRow } from './schema';
import type { Warehouse } from './warehouse';

/** What a statement returns: its schema and its rows, produced on demand (a million generated rows take no memory). */
export interface QueryPlan {
  fields: FakeField[];
  rowCount: number;
  rowAt(index: number): FakeRow;
  /** How long the job runs before its result is ready (the `/* fake:slow N *\/` hint). */
  runMs: number;
  /** Set when the statement fails only when executed (`SELECT ERROR('…')`). */
  executionError?: string;
}

export interface PlanContext {
  warehouse: Warehouse;
  projectId: string;
  /** The request's location, when it named one. */
  location?: string;
  caller: string;
}

/** The generator statement the fake runs without storing rows (valid GoogleSQL, so live tests can run it too). */
export function generatedRowsSql(count: number): string {
  return (
    "SELECT n AS id, CONCAT('user', CAST(n AS STRING), '@example.com') AS email, CAST(n AS NUMERIC) / 100 AS amount, " +
    `DATE_ADD(DATE '2024-01-01', INTERVAL MOD(n, 365) DAY) AS created FROM UNNEST(GENERATE_ARRAY(1, ${count})) AS n`
  );
}

const generatedFields: FakeField[] = [
  { name: 'id', type: 'INTEGER', mode: 'NULLABLE' },
  { name: 'email', type: 'STRING', mode: 'NULLABLE' },
  { name: 'amount', type: 'NUMERIC', mode: 'NULLABLE' },
  { name: 'created', type: 'DATE', mode: 'NULLABLE' },
];

function generatedRow(index: number): FakeRow {
  const n = index + 1;
  const created = new Date(Date.UTC(2024, 0, 1 + (n % 365))).toISOString().slice(0, 10);
  const cents = String(n).padStart(3, '0');
  return [n, `user${n}@example.com`, `${cents.slice(0, -2)}.${cents.slice(-2)}`.replace(/\.?0+$/, '') || '0', created];
}

const normalize = (sql: string) => sql.replace(/\s+/g, ' ').trim();

function syntaxError(sql: string): FakeQueryError {
  const token = /^\s*([^\s,()]+)/.exec(sql)?.[1] ?? '';
  return new FakeQueryError(
    400,
    'invalidQuery',
    token ? `Syntax error: Unexpected identifier "${token}" at [1:1]` : 'Syntax error: Unexpected end of script at [1:1]',
  );
}

function tablePlan(context: PlanContext, sql: string, columnsText: string, path: string): QueryPlan {
  const { warehouse, projectId, location, caller } = context;
  const parts = path.replace(/`/g, '').split('.');
  if (parts.length < 2 || parts.length > 3) {
    throw new FakeQueryError(
      400,
      'invalidQuery',
      `Table "${parts.join('.')}" must be qualified with a dataset (e.g. dataset.table). at [1:${sql.indexOf(path) + 1}]`,
    );
  }
  const [tableProject, datasetId, tableId] = parts.length === 3 ? parts : [projectId, ...parts];
  const where = location ?? 'US';
  const dataset = warehouse.dataset(tableProject, datasetId);
  if (!dataset || dataset.location.toLowerCase() !== where.toLowerCase()) {
    throw new FakeQueryError(404, 'notFound', `Not found: Dataset ${tableProject}:${datasetId} was not found in location ${where}`);
  }
  const table = dataset.tables.get(tableId);
  if (!warehouse.canView(dataset, caller)) {
    throw new FakeQueryError(
      403,
      'accessDenied',
      `Access Denied: Table ${tableProject}:${datasetId}.${tableId}: User does not have permission to query table ${tableProject}:${datasetId}.${tableId}, or perhaps it does not exist.`,
    );
  }
  if (!table)
    throw new FakeQueryError(404, 'notFound', `Not found: Table ${tableProject}:${datasetId}.${tableId} was not found in location ${where}`);

  const picks: Array<{ index: number; name: string }> = [];
  for (const item of columnsText.split(',').map((text) => text.trim())) {
    if (item === '*') {
      table.fields.forEach((field, index) => picks.push({ index, name: field.name }));
      continue;
    }
    const match = /^`?([A-Za-z_][A-Za-z0-9_]*)`?(?:\s+AS\s+`?([A-Za-z_][A-Za-z0-9_]*)`?)?$/i.exec(item);
    if (!match) throw syntaxError(item);
    const index = table.fields.findIndex((field) => field.name.toLowerCase() === match[1].toLowerCase());
    if (index < 0) throw new FakeQueryError(400, 'invalidQuery', `Unrecognized name: ${match[1]} at [1:${sql.indexOf(match[1]) + 1}]`);
    picks.push({ index, name: match[2] ?? table.fields[index].name });
  }
  const seen = new Set<string>();
  const duplicates = picks.filter(({ name }) => (seen.has(name.toLowerCase()) ? true : (seen.add(name.toLowerCase()), false)));
  if (duplicates.length > 0) {
    throw new FakeQueryError(
      400,
      'invalidQuery',
      `Duplicate column names in the result are not supported. Found duplicate(s): ${duplicates.map((pick) => pick.name).join(', ')}`,
    );
  }
  return {
    fields: picks.map(({ index, name }) => ({ ...table.fields[index], name })),
    rowCount: table.rows.length,
    rowAt: (row) => picks.map(({ index }) => table.rows[row][index]),
    runMs: 0,
  };
}

function literal(text: string): { field: FakeField['type']; value: unknown } | null {
  if (/^-?\d+$/.test(text)) return { field: 'INTEGER', value: text };
  if (/^'[^']*'$/.test(text)) return { field: 'STRING', value: text.slice(1, -1) };
  if (/^(TRUE|FALSE)$/i.test(text)) return { field: 'BOOLEAN', value: /^TRUE$/i.test(text) };
  return null;
}

/**
 * Plans one statement of the fake's tiny GoogleSQL subset (see README): `SELECT cols|* FROM dataset.table`,
 * `SELECT literal [AS name], …`, `SELECT ERROR('…') AS name`, the generator of `generatedRowsSql`, each
 * optionally after a `/* fake:slow N *\/` hint. Anything else is refused as BigQuery refuses bad SQL.
 */
export function planQuery(context: PlanContext, query: string): QueryPlan {
  let sql = query;
  let runMs = 0;
  const hint = /^\s*\/\*\s*fake:slow\s+(\d+(?:\.\d+)?)\s*\*\/\s*/i.exec(sql);
  if (hint) {
    runMs = Number(hint[1]) * 1000;
    sql = sql.slice(hint[0].length);
  }
  const text = normalize(sql);
  const generator = /GENERATE_ARRAY\(1, (\d+)\)\) AS n$/i.exec(text);
  if (generator && text === normalize(generatedRowsSql(Number(generator[1])))) {
    return { fields: generatedFields, rowCount: Number(generator[1]), rowAt: generatedRow, runMs };
  }
  const fromTable = /^SELECT (.+?) FROM (`[^`]+`|[A-Za-z0-9_.-]+)$/i.exec(text);
  if (fromTable) return { ...tablePlan(context, sql, fromTable[1], fromTable[2]), runMs };
  const failing = /^SELECT ERROR\('([^']*)'\) AS ([A-Za-z_]\w*)$/i.exec(text);
  if (failing)
    return { fields: [{ name: failing[2], type: 'STRING', mode: 'NULLABLE' }], rowCount: 1, rowAt: () => [null], runMs, executionError: failing[1] };
  const literals = /^SELECT (.+)$/i.exec(text);
  if (literals) {
    const fields: FakeField[] = [];
    const values: unknown[] = [];
    for (const [index, item] of literals[1]
      .split(',')
      .map((part) => part.trim())
      .entries()) {
      const match = /^(.+?)(?:\s+AS\s+([A-Za-z_]\w*))?$/i.exec(item);
      const parsed = match ? literal(match[1]) : null;
      if (!match || !parsed) throw syntaxError(sql);
      fields.push({ name: match[2] ?? `f${index}_`, type: parsed.field, mode: 'NULLABLE' });
      values.push(parsed.value);
    }
    return { fields, rowCount: 1, rowAt: () => values, runMs };
  }
  throw syntaxError(sql);
}
