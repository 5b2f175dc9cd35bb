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
