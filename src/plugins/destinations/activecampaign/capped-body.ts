/** Largest reply Ferry reads from ActiveCampaign: its pages are at most 100 items, far below this. */
export const MAX_REPLY_BYTES = 16 * 1024 * 1024;

/** Thrown (as the body's read error) when a reply is larger than the cap; the rest is not read. */
export class ReplyTooLargeError extends Error {
  readonly code = 'ERR_REPLY_TOO_LARGE';
}

/** The reply's text, read up to `maxBytes`: a larger reply stops the read and throws, so memory stays bounded. */
export async function cappedText(
  body: AsyncIterable<Uint8Array> & { destroy?(error?: Error): unknown },
  maxBytes = MAX_REPLY_BYTES,
): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      const error = new ReplyTooLargeError(
        `the reply is larger than ${maxBytes} bytes, more than ActiveCampaign's API ever sends: check the API URL`,
      );
      body.destroy?.(error);
      throw error;
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}
