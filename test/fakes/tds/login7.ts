/** LOGIN7 ([MS-TDS] 2.2.6.4): a fixed 94-byte part, then UCS-2 strings located by (offset, length in characters). */

export interface Login {
  tdsVersion: number;
  packetSize: number;
  /** TypeFlags fReadOnlyIntent (0x20): ApplicationIntent=ReadOnly. */
  readOnlyIntent: boolean;
  hostName: string;
  userName: string;
  password: string;
  appName: string;
  serverName: string;
  database: string;
}

function text(payload: Buffer, at: number): string {
  const offset = payload.readUInt16LE(at);
  const length = payload.readUInt16LE(at + 2);
  return payload.toString('ucs2', offset, offset + length * 2);
}

/**
 * The password travels scrambled ([MS-TDS] 2.2.6.4): each byte's nibbles swapped, then XORed with 0xA5. This
 * undoes it: XOR 0xA5, then swap the nibbles back.
 */
export function unscramblePassword(scrambled: Buffer): string {
  const plain = Buffer.alloc(scrambled.length);
  for (let index = 0; index < scrambled.length; index += 1) {
    const byte = scrambled[index] ^ 0xa5;
    plain[index] = ((byte & 0x0f) << 4) | (byte >> 4);
  }
  return plain.toString('ucs2');
}

export function parseLogin7(payload: Buffer): Login {
  const passwordOffset = payload.readUInt16LE(44);
  const passwordLength = payload.readUInt16LE(46);
  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    readOnlyIntent: (payload[26] & 0x20) !== 0,
    hostName: text(payload, 36),
    userName: text(payload, 40),
    password: unscramblePassword(payload.subarray(passwordOffset, passwordOffset + passwordLength * 2)),
    appName: text(payload, 48),
    serverName: text(payload, 52),
    database: text(payload, 68),
  };
}
