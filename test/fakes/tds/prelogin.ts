/** PRELOGIN ([MS-TDS] 2.2.6.5): option tokens, then data; ENCRYPTION negotiation per the table in 2.2.6.5. */

export const Encrypt = { Off: 0x00, On: 0x01, NotSupported: 0x02, Required: 0x03 } as const;

const Option = { Version: 0x00, Encryption: 0x01, InstOpt: 0x02, ThreadId: 0x03, Mars: 0x04, Terminator: 0xff } as const;

/** The server's encryption setting: 'off' (encrypt when the client asks), 'required' (Force Encryption), 'unsupported' (no certificate). */
export type ServerEncryption = 'off' | 'required' | 'unsupported';

export interface ClientPrelogin {
  encryption: number;
  mars: number;
}

export function parsePrelogin(payload: Buffer): ClientPrelogin {
  const result: ClientPrelogin = { encryption: Encrypt.Off, mars: 0 };
  let offset = 0;
  while (offset < payload.length && payload[offset] !== Option.Terminator) {
    const token = payload[offset];
    const dataOffset = payload.readUInt16BE(offset + 1);
    if (token === Option.Encryption) result.encryption = payload[dataOffset];
    if (token === Option.Mars) result.mars = payload[dataOffset];
    offset += 5;
  }
  return result;
}

/**
 * What the server answers, and whether the connection goes on, for the client's ENCRYPTION value. From the
 * [MS-TDS] 2.2.6.5 table: a client that cannot encrypt meets a server that requires it → ENCRYPT_REQ and the
 * connection ends; a client that asks for it meets a server that cannot → ENCRYPT_NOT_SUP (the client ends it).
 */
export function negotiate(client: number, server: ServerEncryption): { answer: number; tls: boolean } {
  if (server === 'unsupported') return { answer: Encrypt.NotSupported, tls: false };
  if (server === 'required') return { answer: client === Encrypt.NotSupported ? Encrypt.Required : Encrypt.On, tls: client !== Encrypt.NotSupported };
  if (client === Encrypt.On || client === Encrypt.Required) return { answer: Encrypt.On, tls: true };
  if (client === Encrypt.NotSupported) return { answer: Encrypt.NotSupported, tls: false };
  // Client OFF, server OFF: only the login would be encrypted; this fake does not offer that mode.
  return { answer: Encrypt.NotSupported, tls: false };
}

/** The server's PRELOGIN response: VERSION (16.0.1000.6, SQL Server 2022 RTM), ENCRYPTION, INSTOPT, THREADID, MARS. */
export function preloginResponse(encryption: number): Buffer {
  const options: Array<[number, Buffer]> = [
    [Option.Version, Buffer.from([16, 0, 0x03, 0xe8, 0x00, 0x06])],
    [Option.Encryption, Buffer.from([encryption])],
    [Option.InstOpt, Buffer.from([0])],
    [Option.ThreadId, Buffer.alloc(0)],
    [Option.Mars, Buffer.from([0])],
  ];
  const header = Buffer.alloc(options.length * 5 + 1);
  const data: Buffer[] = [];
  let dataOffset = header.length;
  options.forEach(([token, value], index) => {
    header[index * 5] = token;
    header.writeUInt16BE(dataOffset, index * 5 + 1);
    header.writeUInt16BE(value.length, index * 5 + 3);
    data.push(value);
    dataOffset += value.length;
  });
  header[header.length - 1] = Option.Terminator;
  return Buffer.concat([header, ...data]);
}
