import type { ClientBase } from 'pg';

/** One row of pg_type: enough to name a column's type and to parse arrays of any element type. */
export interface PgType {
  oid: number;
  /** pg_type.typname, e.g. text, int4, timestamptz, _text (an array of text), or a user type such as an enum. */
  name: string;
  /** pg_type.typcategory: 'A' for arrays. */
  category: string;
  /** The element type of an array (0 otherwise). */
  element: number;
  /** The separator between elements in the array's text form: the element type's typdelim. */
  delimiter: string;
}

/** Looks the given type OIDs up in pg_type, in one query. */
export async function loadTypes(client: ClientBase, oids: number[]): Promise<Map<number, PgType>> {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return new Map();
  const { rows } = await client.query<PgType>(
    `SELECT t.oid, t.typname AS name, t.typcategory AS category, t.typelem AS element,
            coalesce(e.typdelim, t.typdelim) AS delimiter
       FROM pg_catalog.pg_type t
       LEFT JOIN pg_catalog.pg_type e ON e.oid = t.typelem
      WHERE t.oid = ANY($1::oid[])`,
    [unique],
  );
  return new Map(rows.map((row) => [Number(row.oid), { ...row, oid: Number(row.oid), element: Number(row.element) }]));
}

/**
 * Redshift types that its pg_type may not list, by the OIDs its drivers use: named even when the lookup misses them.
 */
const redshiftTypes: PgType[] = [
  { oid: 4000, name: 'super', category: '', element: 0, delimiter: ',' },
  { oid: 6551, name: 'varbyte', category: '', element: 0, delimiter: ',' },
  { oid: 3000, name: 'geometry', category: '', element: 0, delimiter: ',' },
  { oid: 3001, name: 'geography', category: '', element: 0, delimiter: ',' },
  { oid: 2935, name: 'hllsketch', category: '', element: 0, delimiter: ',' },
];

/**
 * The same lookup for catalogs older than PostgreSQL 8.4 (Amazon Redshift): pg_type has no typcategory there (an
 * array type is told the old way: a variable-length type with an element type), and no `= ANY($1::oid[])` either,
 * so the OIDs (integers from the server's own RowDescription) are listed inline.
 */
export async function loadTypesWithoutCategory(client: ClientBase, oids: number[]): Promise<Map<number, PgType>> {
  const unique = [...new Set(oids.map((oid) => Math.trunc(Number(oid))))].filter(Number.isFinite);
  if (unique.length === 0) return new Map();
  const { rows } = await client.query<PgType>(
    `SELECT oid, typname AS name, CASE WHEN typelem <> 0 AND typlen = -1 THEN 'A' ELSE '' END AS category,
            typelem AS element, typdelim AS delimiter
       FROM pg_catalog.pg_type
      WHERE oid IN (${unique.join(', ')})`,
  );
  const types = new Map(rows.map((row) => [Number(row.oid), { ...row, oid: Number(row.oid), element: Number(row.element) }]));
  for (const known of redshiftTypes) if (unique.includes(known.oid) && !types.has(known.oid)) types.set(known.oid, known);
  return types;
}
