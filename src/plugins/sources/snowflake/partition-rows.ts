import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { ConnectionError, maxResponseBytes } from '../../contract';

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/**
 * The rows of a partition reply (`{"data": [[…], …]}`), parsed one at a time from its bytes as they are
 * decompressed: the partition is kept only as the (gzip) bytes Snowflake sent, never as one string or one parsed
 * array, so a partition of many megabytes costs little more than its compressed size. One row (or key) longer than
 * `maxRowChars` (FERRY_MAX_RESPONSE_BYTES) stops the read: what is held at a time stays bounded whatever a body
 * unpacks to.
 */
export async function* partitionRows(bytes: Buffer, gzip: boolean, maxRowChars = maxResponseBytes()): AsyncGenerator<Array<string | null>> {
  const source = gzip ? Readable.from([bytes]).pipe(createGunzip()) : Readable.from([bytes]);
  const decoder = new StringDecoder('utf8');
  let text = '';
  let index = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** Where the string being read at depth 1 starts (a key, or a top-level string value). */
  let stringStart = -1;
  /** The last string read at depth 1: the key of the value that follows. */
  let key = '';
  let inData = false;
  let rowStart = -1;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    text += decoder.write(chunk);
    for (; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      if (inString) {
        if (escaped) escaped = false;
        else if (code === BACKSLASH) escaped = true;
        else if (code === QUOTE) {
          inString = false;
          if (stringStart >= 0) key = text.slice(stringStart + 1, index);
          stringStart = -1;
        }
      } else if (code === QUOTE) {
        inString = true;
        if (depth === 1) stringStart = index;
      } else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
        depth += 1;
        if (depth === 2 && code === OPEN_ARRAY && key === 'data') inData = true;
        else if (inData && depth === 3) rowStart = index;
      } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
        if (inData && depth === 3) {
          yield JSON.parse(text.slice(rowStart, index + 1)) as Array<string | null>;
          rowStart = -1;
        }
        if (inData && depth === 2) inData = false;
        depth -= 1;
      }
    }
    // Keep only what is still being read: the current row, or the current key.
    const keep = rowStart >= 0 ? rowStart : stringStart >= 0 ? stringStart : index;
    text = text.slice(keep);
    index -= keep;
    if (rowStart >= 0) rowStart -= keep;
    if (stringStart >= 0) stringStart -= keep;
    if (text.length > maxRowChars) {
      source.destroy();
      throw new ConnectionError(
        `A row of a Snowflake result partition is longer than ${maxRowChars} characters (FERRY_MAX_RESPONSE_BYTES), so Ferry stopped reading it: select fewer or smaller columns, or raise FERRY_MAX_RESPONSE_BYTES`,
        { reason: 'response_too_large' },
      );
    }
  }
}
