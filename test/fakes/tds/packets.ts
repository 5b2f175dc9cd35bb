import type { Writable } from 'node:stream';

/** TDS packet types ([MS-TDS] 2.2.3.1.1). */
export const PacketType = {
  SqlBatch: 0x01,
  RpcRequest: 0x03,
  TabularResult: 0x04,
  Attention: 0x06,
  TransactionManager: 0x0e,
  Login7: 0x10,
  PreLogin: 0x12,
} as const;

const EndOfMessage = 0x01;
const Ignore = 0x02;
const headerLength = 8;

export interface TdsMessage {
  type: number;
  payload: Buffer;
  /** The client set the IGNORE bit: it cancelled the request before sending all of it ([MS-TDS] 2.2.3.1.2). */
  ignored: boolean;
}

/** Reassembles whole messages from packets (8-byte header, big-endian length, EOM bit ends a message). */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private type = 0;

  push(data: Buffer): TdsMessage[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : data;
    const messages: TdsMessage[] = [];
    while (this.pending.length >= headerLength) {
      const length = this.pending.readUInt16BE(2);
      if (length < headerLength) throw new Error(`bad TDS packet length ${length}`);
      if (this.pending.length < length) break;
      const type = this.pending[0];
      const status = this.pending[1];
      if (this.parts.length === 0) this.type = type;
      this.parts.push(this.pending.subarray(headerLength, length));
      this.pending = this.pending.subarray(length);
      if (status & EndOfMessage) {
        messages.push({ type: this.type, payload: Buffer.concat(this.parts), ignored: (status & Ignore) !== 0 });
        this.parts = [];
      }
    }
    return messages;
  }
}

/**
 * Writes one response message as packets of the negotiated size, waiting for 'drain' whenever the sink's buffer is
 * full (socket.write returned false), so a million-row result never piles up in memory.
 */
export class MessageWriter {
  private buffered: Buffer[] = [];
  private size = 0;
  private packetId = 1;

  constructor(
    private readonly sink: Writable,
    private readonly packetSize: number,
    private readonly type: number = PacketType.TabularResult,
  ) {}

  /** Adds token bytes; resolves once the full packets they completed are accepted by the sink. */
  async write(bytes: Buffer): Promise<void> {
    this.buffered.push(bytes);
    this.size += bytes.length;
    const room = this.packetSize - headerLength;
    while (this.size > room) {
      const all = Buffer.concat(this.buffered);
      await this.sendPacket(all.subarray(0, room), false);
      const rest = all.subarray(room);
      this.buffered = [rest];
      this.size = rest.length;
    }
  }

  /** Sends what is left with the EOM bit: the end of the message. */
  async end(): Promise<void> {
    const all = Buffer.concat(this.buffered);
    this.buffered = [];
    this.size = 0;
    await this.sendPacket(all, true);
  }

  private async sendPacket(data: Buffer, last: boolean): Promise<void> {
    const header = Buffer.alloc(headerLength);
    header[0] = this.type;
    header[1] = last ? EndOfMessage : 0;
    header.writeUInt16BE(data.length + headerLength, 2);
    header.writeUInt16BE(0, 4); // SPID
    header[6] = this.packetId;
    this.packetId = (this.packetId + 1) % 256;
    if (this.sink.destroyed) throw new Error('client gone');
    if (!this.sink.write(Buffer.concat([header, data]))) await drained(this.sink);
  }
}

function drained(sink: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      sink.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      sink.off('drain', onDrain);
      reject(new Error('client gone'));
    };
    sink.once('drain', onDrain);
    sink.once('close', onClose);
  });
}

/** One whole message in packets, for short replies (PRELOGIN, login). */
export async function sendMessage(sink: Writable, packetSize: number, type: number, payload: Buffer): Promise<void> {
  const writer = new MessageWriter(sink, packetSize, type);
  await writer.write(payload);
  await writer.end();
}
