import type { SourceTable } from '../plugins/contract';

/**
 * A table model's table as text (`Model.table`, `ModelInput.table`): `schema.name`, or `name` where the source has
 * no schemas, each part as the source spells it (case and spaces kept). A part holding a dot or a double quote is
 * written in double quotes, a double quote inside doubled: `"my.schema"."say ""hi"""`. Any part may be quoted.
 */
export function formatTableName(table: SourceTable): string {
  const part = (text: string) => (/[."]/.test(text) || text === '' || text.trim() !== text ? `"${text.replaceAll('"', '""')}"` : text);
  return table.schema === null ? part(table.name) : `${part(table.schema)}.${part(table.name)}`;
}

/** Why `text` is not a table name in the form above. */
export class TableNameError extends Error {}

/** Reads the form `formatTableName` writes; throws TableNameError saying what is wrong. */
export function parseTableName(text: string): SourceTable {
  const parts: string[] = [];
  let position = 0;
  for (;;) {
    let part = '';
    if (text[position] === '"') {
      position += 1;
      for (;;) {
        if (position >= text.length)
          throw new TableNameError('a double quote is not closed (write a double quote inside a quoted part twice: "say ""hi""")');
        if (text[position] === '"' && text[position + 1] === '"') {
          part += '"';
          position += 2;
        } else if (text[position] === '"') {
          position += 1;
          break;
        } else {
          part += text[position];
          position += 1;
        }
      }
    } else {
      const end = text.indexOf('.', position);
      part = text.slice(position, end === -1 ? text.length : end).trim();
      if (part.includes('"')) throw new TableNameError('a double quote may only open a quoted part ("my.schema"."my table")');
      position = end === -1 ? text.length : end;
    }
    if (part === '') throw new TableNameError('a part of the name is empty: write schema.table, or table where the source has no schemas');
    parts.push(part);
    if (position >= text.length) break;
    if (text[position] !== '.') throw new TableNameError(`unexpected text after a quoted part: put a dot between schema and table`);
    position += 1;
  }
  if (parts.length > 2) {
    throw new TableNameError('more than two parts: write schema.table, and quote a part that holds a dot ("my.schema"."table")');
  }
  return parts.length === 1 ? { schema: null, name: parts[0] } : { schema: parts[0], name: parts[1] };
}
