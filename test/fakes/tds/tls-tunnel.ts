import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { Socket } from 'node:net';

const RecordType = { ChangeCipherSpec: 20, Alert: 21, Handshake: 22 } as const;
const ServerHelloDone = 14;

/**
 * True when `output` (what the server's TLS layer wrote so far in this flight) ends a TLS 1.2 flight: a handshake
 * record holding ServerHelloDone (end of the first flight), or the record after ChangeCipherSpec (the encrypted
 * Finished, end of the last flight), or an alert.
 */
function flightEnds(output: Buffer): { complete: boolean; finished: boolean } {
  let offset = 0;
  let afterChangeCipherSpec = false;
  let handshake = Buffer.alloc(0);
  while (offset + 5 <= output.length) {
    const type = output[offset];
    const length = output.readUInt16BE(offset + 3);
    if (offset + 5 + length > output.length) return { complete: false, finished: false };
    const body = output.subarray(offset + 5, offset + 5 + length);
    offset += 5 + length;
    if (type === RecordType.Alert) return { complete: true, finished: false };
    if (afterChangeCipherSpec) return { complete: offset === output.length, finished: true };
    if (type === RecordType.ChangeCipherSpec) afterChangeCipherSpec = true;
    if (type === RecordType.Handshake) handshake = Buffer.concat([handshake, body]);
  }
  for (let at = 0; at + 4 <= handshake.length; at += 4 + handshake.readUIntBE(at + 1, 3)) {
    if (handshake[at] === ServerHelloDone) return { complete: true, finished: false };
  }
  return { complete: false, finished: false };
}

/**
 * The transport under the server's TLS socket. During the handshake TDS carries TLS inside PRELOGIN messages
 * ([MS-TDS] 2.2.6.5 and 3.3.5.2; tedious's message-io.ts sends each client flight as one PRELOGIN message and reads
 * exactly one message back): each server flight is handed to `sendFlight` whole. Once the handshake is done, TLS
 * records go on the socket as they are (the whole session stays encrypted, as with a client that asked ENCRYPT_ON).
 */
export class TdsTlsCarrier extends Duplex {
  tunnelling = true;
  private flight: Buffer[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly sendFlight: (flight: Buffer) => Promise<void>,
  ) {
    super();
    socket.on('close', () => this.destroy());
  }

  /** Bytes from the client: PRELOGIN payloads during the handshake, raw socket data after it. */
  receive(data: Buffer): void {
    this.push(data);
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.tunnelling) {
      if (this.socket.write(chunk)) callback();
      else this.socket.once('drain', () => callback());
      return;
    }
    this.flight.push(chunk);
    const output = Buffer.concat(this.flight);
    const { complete, finished } = flightEnds(output);
    if (!complete) {
      callback();
      return;
    }
    this.flight = [];
    if (finished) this.tunnelling = false;
    this.sendFlight(output).then(() => callback(), callback);
  }

  override _final(callback: () => void): void {
    callback();
  }
}

/** Starts the server side of TLS 1.2 (tedious caps TLS at 1.2 for TDS 7.x) over the carrier. */
export function serverTls(carrier: TdsTlsCarrier, credentials: { key: string; cert: string }): tls.TLSSocket {
  const secureContext = tls.createSecureContext({ key: credentials.key, cert: credentials.cert, maxVersion: 'TLSv1.2', minVersion: 'TLSv1.2' });
  return new tls.TLSSocket(carrier, { isServer: true, secureContext });
}
