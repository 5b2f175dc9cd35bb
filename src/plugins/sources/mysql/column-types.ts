import type { FieldPacket } from 'mysql2';

/** Column types of the MySQL client/server protocol (include/mysql_com.h `enum_field_types`). */
export const FieldType = {
  DECIMAL: 0,
  TINY: 1,
  SHORT: 2,
  LONG: 3,
  FLOAT: 4,
  DOUBLE: 5,
  NULL: 6,
  TIMESTAMP: 7,
  LONGLONG: 8,
  INT24: 9,
  DATE: 10,
  TIME: 11,
  DATETIME: 12,
  YEAR: 13,
  NEWDATE: 14,
  VARCHAR: 15,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  TIME2: 19,
  VECTOR: 242,
  JSON: 245,
  NEWDECIMAL: 246,
  ENUM: 247,
  SET: 248,
  TINY_BLOB: 249,
  MEDIUM_BLOB: 250,
  LONG_BLOB: 251,
  BLOB: 252,
  VAR_STRING: 253,
  STRING: 254,
  GEOMETRY: 255,
} as const;

const UNSIGNED_FLAG = 32;
const ENUM_FLAG = 256;
const SET_FLAG = 2048;
/** The `binary` character set: the bytes are not text. */
export const BINARY_CHARSET = 63;

export interface ColumnShape {
  name: string;
  columnType: number;
  characterSet: number;
  flags: number;
  columnLength: number;
  /** MariaDB's extended metadata (10.5+): `uuid`, `inet4`, `inet6`, `point`, … */
  extendedTypeName?: string;
  /** MariaDB's extended metadata: `json` for its JSON columns (LONGTEXT with a JSON_VALID check). */
  extendedFormat?: string;
}

/** The parts of mysql2's column definition that decide a column's type name and value form. */
export function columnShape(field: FieldPacket): ColumnShape {
  return {
    name: field.name,
    columnType: field.columnType ?? field.type ?? FieldType.VAR_STRING,
    characterSet: field.characterSet ?? field.charsetNr ?? 0,
    flags: typeof field.flags === 'number' ? field.flags : 0,
    columnLength: field.columnLength ?? field.length ?? 0,
    extendedTypeName: field.extendedTypeName,
    extendedFormat: field.extendedFormat,
  };
}

export function isBinaryText(column: ColumnShape): boolean {
  return column.characterSet === BINARY_CHARSET && column.extendedFormat !== 'json';
}

function integerName(base: string, column: ColumnShape): string {
  return column.flags & UNSIGNED_FLAG ? `${base} unsigned` : base;
}

/**
 * The column's type as MySQL names it (information_schema's DATA_TYPE), from the protocol's column definition:
 * tinyint(1) and bit(1) keep their width, since they are the usual booleans; MariaDB's JSON says json.
 */
export function typeName(column: ColumnShape): string {
  if (column.extendedFormat === 'json') return 'json';
  if (column.extendedTypeName) return column.extendedTypeName;
  const binary = column.characterSet === BINARY_CHARSET;
  switch (column.columnType) {
    case FieldType.TINY:
      return integerName(column.columnLength === 1 ? 'tinyint(1)' : 'tinyint', column);
    case FieldType.SHORT:
      return integerName('smallint', column);
    case FieldType.INT24:
      return integerName('mediumint', column);
    case FieldType.LONG:
      return integerName('int', column);
    case FieldType.LONGLONG:
      return integerName('bigint', column);
    case FieldType.DECIMAL:
    case FieldType.NEWDECIMAL:
      return 'decimal';
    case FieldType.FLOAT:
      return 'float';
    case FieldType.DOUBLE:
      return 'double';
    case FieldType.NULL:
      return 'null';
    case FieldType.TIMESTAMP:
    case FieldType.TIMESTAMP2:
      return 'timestamp';
    case FieldType.DATE:
    case FieldType.NEWDATE:
      return 'date';
    case FieldType.TIME:
    case FieldType.TIME2:
      return 'time';
    case FieldType.DATETIME:
    case FieldType.DATETIME2:
      return 'datetime';
    case FieldType.YEAR:
      return 'year';
    case FieldType.BIT:
      return column.columnLength === 1 ? 'bit(1)' : 'bit';
    case FieldType.JSON:
      return 'json';
    case FieldType.ENUM:
      return 'enum';
    case FieldType.SET:
      return 'set';
    case FieldType.GEOMETRY:
      return 'geometry';
    case FieldType.VECTOR:
      return 'vector';
    case FieldType.TINY_BLOB:
    case FieldType.MEDIUM_BLOB:
    case FieldType.LONG_BLOB:
    case FieldType.BLOB:
      return binary ? 'blob' : 'text';
    case FieldType.VARCHAR:
    case FieldType.VAR_STRING:
      return binary ? 'varbinary' : 'varchar';
    case FieldType.STRING:
      if (column.flags & ENUM_FLAG) return 'enum';
      if (column.flags & SET_FLAG) return 'set';
      return binary ? 'binary' : 'char';
    default:
      return `type ${column.columnType}`;
  }
}
