/** RPC requests ([MS-TDS] 2.2.6.6): ALL_HEADERS, the procedure (name or ProcID), option flags, then parameters. */

export const ProcId = { SpExecuteSql: 10 } as const;

export interface RpcRequest {
  /** ProcID as a number (10: sp_executesql), or the procedure's name. */
  procedure: number | string;
  /** Parameters by name, lower-cased, with their decoded values (strings, numbers, booleans, null). */
  parameters: Map<string, unknown>;
  /** Unnamed parameters in order (sp_describe_first_result_set may be called positionally). */
  positional: unknown[];
}

/** Skips ALL_HEADERS ([MS-TDS] 2.2.5.3): a DWORD total length that counts itself. */
export function skipAllHeaders(payload: Buffer): number {
  return payload.readUInt32LE(0);
}

class Reader {
  constructor(
    private readonly buffer: Buffer,
    public offset: number,
  ) {}
  u8(): number {
    return this.buffer[this.offset++];
  }
  u16(): number {
    const value = this.buffer.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  bytes(length: number): Buffer {
    const value = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  done(): boolean {
    return this.offset >= this.buffer.length;
  }
}

/** Reads one parameter value for the TYPE_INFO forms tedious sends (INTN, BITN, FLTN, NVARCHAR/VARCHAR incl. max, VARBINARY). */
function readValue(reader: Reader): unknown {
  const type = reader.u8();
  switch (type) {
    case 0x26:
    case 0x68:
    case 0x6d: {
      reader.u8(); // max length
      const length = reader.u8();
      if (length === 0) return null;
      const bytes = reader.bytes(length);
      if (type === 0x68) return bytes[0] !== 0;
      if (type === 0x6d) return length === 4 ? bytes.readFloatLE(0) : bytes.readDoubleLE(0);
      return length === 8 ? bytes.readBigInt64LE(0).toString() : bytes.readIntLE(0, length);
    }
    case 0xe7:
    case 0xa7:
    case 0xa5: {
      const maxLength = reader.u16();
      if (type !== 0xa5) reader.bytes(5); // collation
      const decode = (bytes: Buffer) => (type === 0xe7 ? bytes.toString('ucs2') : type === 0xa7 ? bytes.toString('latin1') : bytes);
      if (maxLength !== 0xffff) {
        const length = reader.u16();
        return length === 0xffff ? null : decode(reader.bytes(length));
      }
      const total = reader.bytes(8);
      if (total.readBigUInt64LE(0) === 0xffffffffffffffffn) return null;
      const chunks: Buffer[] = [];
      for (let length = reader.u32(); length !== 0; length = reader.u32()) chunks.push(reader.bytes(length));
      return decode(Buffer.concat(chunks));
    }
    default:
      throw new Error(`the fake cannot decode RPC parameters of type 0x${type.toString(16)}`);
  }
}

export function parseRpc(payload: Buffer): RpcRequest {
  const reader = new Reader(payload, skipAllHeaders(payload));
  const nameLength = reader.u16();
  const procedure = nameLength === 0xffff ? reader.u16() : reader.bytes(nameLength * 2).toString('ucs2');
  reader.u16(); // option flags
  const parameters = new Map<string, unknown>();
  const positional: unknown[] = [];
  while (!reader.done()) {
    const name = reader.bytes(reader.u8() * 2).toString('ucs2');
    reader.u8(); // status flags
    const value = readValue(reader);
    if (name) parameters.set(name.toLowerCase(), value);
    else positional.push(value);
  }
  return { procedure, parameters, positional };
}
