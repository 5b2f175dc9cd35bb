/**
 * SQL for a text[] from a query parameter holding a JSON array of strings (or nulls), in array order.
 *
 * Large batches of keys and hashes travel as one JSON text rather than as pg's text[] parameters: the driver
 * escapes array elements one by one in JavaScript, while JSON.stringify is native, and PostgreSQL parses JSON as
 * fast as it parses array literals.
 */
export function textArrayFromJson(parameter: string): string {
  return `ARRAY(SELECT e.v FROM json_array_elements_text(${parameter}::json) WITH ORDINALITY AS e(v, n) ORDER BY e.n)`;
}
