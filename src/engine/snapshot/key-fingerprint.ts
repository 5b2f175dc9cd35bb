/**
 * A 64-bit fingerprint of a string as two unsigned 32-bit halves (cyrb53's mixing, both lanes kept): fast,
 * well spread, not cryptographic. Two distinct keys share one with a chance of about n² / 2⁶⁵ among n keys
 * (3 in 100 million for a million keys). Written into `out` (no allocation per key) and returned.
 */
export function keyFingerprint(text: string, out: [number, number] = [0, 0]): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
  return out;
}
