import { collation, encodeNonNull, encodeValue, typeInfo, type SqlType } from './data-types';

/** Token builders ([MS-TDS] 2.2.7), for TDS 7.4 (DONE row counts are 64-bit). */

export const DoneStatus = { Final: 0x00, More: 0x01, Error: 0x02, InTransaction: 0x04, Count: 0x10, Attention: 0x20, ServerError: 0x100 } as const;

const Token = {
  ReturnStatus: 0x79,
  ColMetadata: 0x81,
  Error: 0xaa,
  Info: 0xab,
  LoginAck: 0xad,
  Row: 0xd1,
  NbcRow: 0xd2,
  EnvChange: 0xe3,
  Done: 0xfd,
  DoneProc: 0xfe,
  DoneInProc: 0xff,
} as const;

export const EnvChangeType = {
  Database: 1,
  Language: 2,
  PacketSize: 4,
  Collation: 7,
  BeginTransaction: 8,
  CommitTransaction: 9,
  RollbackTransaction: 10,
} as const;

/** B_VARCHAR: one length byte (characters), UCS-2. */
export function bVarchar(text: string): Buffer {
  return Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'ucs2')]);
}

/** US_VARCHAR: a 2-byte length (characters), UCS-2. */
function usVarchar(text: string): Buffer {
  const length = Buffer.alloc(2);
  length.writeUInt16LE(text.length);
  return Buffer.concat([length, Buffer.from(text, 'ucs2')]);
}

function withUShortLength(token: number, body: Buffer): Buffer {
  const header = Buffer.alloc(3);
  header[0] = token;
  header.writeUInt16LE(body.length, 1);
  return Buffer.concat([header, body]);
}

function done(token: number, status: number, rowCount: number, command: number): Buffer {
  const buffer = Buffer.alloc(13);
  buffer[0] = token;
  buffer.writeUInt16LE(status, 1);
  buffer.writeUInt16LE(command, 3);
  buffer.writeBigUInt64LE(BigInt(rowCount), 5);
  return buffer;
}

/** DONE CurCmd values (the token of the statement that finished; the numbers are plausible, see README "Guesses"). */
export const Command = { Select: 0xc1, BeginTransaction: 0xd4, Rollback: 0xd6, Set: 0xbe, Execute: 0xe0, None: 0 } as const;

export const doneToken = (status: number, rowCount = 0, command: number = Command.None) => done(Token.Done, status, rowCount, command);
export const doneInProcToken = (status: number, rowCount = 0, command: number = Command.Select) => done(Token.DoneInProc, status, rowCount, command);
export const doneProcToken = (status: number) => done(Token.DoneProc, status, 0, Command.Execute);

export function returnStatusToken(value: number): Buffer {
  const buffer = Buffer.alloc(5);
  buffer[0] = Token.ReturnStatus;
  buffer.writeInt32LE(value, 1);
  return buffer;
}

export interface ServerMessage {
  number: number;
  state: number;
  /** Severity: 10 and below are informational (INFO), 11+ errors (ERROR). */
  class: number;
  message: string;
  procedure?: string;
  line?: number;
}

/** ERROR (0xAA) or INFO (0xAB): number, state, class, message, server name, procedure name, line number. */
export function messageToken(message: ServerMessage, serverName: string): Buffer {
  const fixed = Buffer.alloc(6);
  fixed.writeInt32LE(message.number, 0);
  fixed[4] = message.state;
  fixed[5] = message.class;
  const line = Buffer.alloc(4);
  line.writeInt32LE(message.line ?? 1);
  const body = Buffer.concat([fixed, usVarchar(message.message), bVarchar(serverName), bVarchar(message.procedure ?? ''), line]);
  return withUShortLength(message.class > 10 ? Token.Error : Token.Info, body);
}

/** ENVCHANGE with B_VARCHAR values (database, language, packet size). */
export function envChangeText(type: number, newValue: string, oldValue: string): Buffer {
  return withUShortLength(Token.EnvChange, Buffer.concat([Buffer.from([type]), bVarchar(newValue), bVarchar(oldValue)]));
}

/** ENVCHANGE with B_VARBYTE values (collation, transaction descriptors). */
export function envChangeBytes(type: number, newValue: Buffer, oldValue: Buffer): Buffer {
  return withUShortLength(Token.EnvChange, Buffer.concat([Buffer.from([type, newValue.length]), newValue, Buffer.from([oldValue.length]), oldValue]));
}

export const collationChange = () => envChangeBytes(EnvChangeType.Collation, collation, Buffer.alloc(0));

/** LOGINACK: interface 1 (SQL_TSQL), TDS 7.4 (0x74000004), program name and version 16.0.1000. */
export function loginAckToken(): Buffer {
  const body = Buffer.concat([Buffer.from([1, 0x74, 0x00, 0x00, 0x04]), bVarchar('Microsoft SQL Server'), Buffer.from([16, 0, 0x03, 0xe8])]);
  return withUShortLength(Token.LoginAck, body);
}

export interface ResultColumn {
  name: string;
  type: SqlType;
}

/** COLMETADATA: per column UserType (4 bytes), Flags (nullable, updatable unknown), TYPE_INFO, ColName. */
export function colMetadataToken(columns: ResultColumn[]): Buffer {
  const parts: Buffer[] = [Buffer.from([Token.ColMetadata, columns.length & 0xff, columns.length >> 8])];
  for (const column of columns) {
    const fixed = Buffer.alloc(6);
    fixed.writeUInt32LE(0, 0);
    fixed.writeUInt16LE(0x0009, 4); // fNullable | usUpdateable=unknown (0x08)
    parts.push(fixed, typeInfo(column.type), bVarchar(column.name));
  }
  return Buffer.concat(parts);
}

/** ROW, or NBCROW ([MS-TDS] 2.2.7.17) when a null bitmap is shorter than the nulls it replaces, as SQL Server does. */
export function rowToken(columns: ResultColumn[], values: unknown[]): Buffer {
  const nulls = values.filter((value) => value === null || value === undefined).length;
  const bitmapLength = Math.ceil(columns.length / 8);
  if (nulls > 0 && nulls >= bitmapLength) {
    const bitmap = Buffer.alloc(bitmapLength);
    const parts: Buffer[] = [Buffer.from([Token.NbcRow]), bitmap];
    values.forEach((value, index) => {
      if (value === null || value === undefined) bitmap[index >> 3] |= 1 << (index & 7);
      else parts.push(encodeNonNull(columns[index].type, value));
    });
    return Buffer.concat(parts);
  }
  return Buffer.concat([Buffer.from([Token.Row]), ...values.map((value, index) => encodeValue(columns[index].type, value))]);
}
