import type { ColumnInfo } from './types';

/**
 * ColumnInfo.type_name for a DDL type (documented enum: BOOLEAN BYTE SHORT INT LONG FLOAT DOUBLE DATE TIMESTAMP
 * TIMESTAMP_NTZ STRING BINARY DECIMAL INTERVAL ARRAY STRUCT MAP CHAR NULL …). type_text is the DDL type, upper case.
 */
export function columnInfo(name: string, typeText: string, position: number): ColumnInfo {
  const text = typeText.toUpperCase();
  const base = /^[A-Z_]+/.exec(text)?.[0] ?? text;
  const names: Record<string, string> = {
    BIGINT: 'LONG',
    SMALLINT: 'SHORT',
    TINYINT: 'BYTE',
    INTEGER: 'INT',
    VOID: 'NULL',
    VARCHAR: 'STRING',
    REAL: 'FLOAT',
  };
  const info: ColumnInfo = { name, type_text: text, type_name: names[base] ?? base, position };
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)/.exec(text);
  if (decimal) Object.assign(info, { type_precision: Number(decimal[1]), type_scale: Number(decimal[2]) });
  return info;
}
