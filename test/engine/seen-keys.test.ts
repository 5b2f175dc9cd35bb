import assert from 'node:assert/strict';
import { describe, test } from '@jest/globals';
import { keyFingerprint } from '../../src/engine/snapshot/key-fingerprint';
import { SeenKeys } from '../../src/engine/snapshot/seen-keys';

describe('SeenKeys', () => {
  test('remembers keys across calls, grows as needed, and reports keys seen before by position', () => {
    const seen = new SeenKeys();
    const batch = Array.from({ length: 100_000 }, (_, i) => `person${i}@example.com`);
    assert.deepEqual(seen.mark(batch), { duplicates: new Set(), overflow: [] });
    assert.equal(seen.size, 100_000);
    const again = seen.mark(['new@example.com', 'person99999@example.com', 'person0@example.com']);
    assert.deepEqual([...again.duplicates], [1, 2]);
    assert.equal(seen.size, 100_001);
  });

  test('stops growing at its capacity and hands further keys back as overflow, still catching the keys it holds', () => {
    const seen = new SeenKeys(16);
    const first = seen.mark(Array.from({ length: 12 }, (_, i) => `k${i}`));
    assert.deepEqual(first.overflow, [8, 9, 10, 11], 'half of 16 slots are filled, the rest overflow');
    const second = seen.mark(['k3', 'k9', 'k100']);
    assert.deepEqual([...second.duplicates], [0]);
    assert.deepEqual(second.overflow, [1, 2]);
  });

  test('fingerprints are 64 bits, stable, and tell apart a million similar keys', () => {
    assert.deepEqual(keyFingerprint('a@b.c'), keyFingerprint('a@b.c'));
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i += 1) seen.add(keyFingerprint(`user${i}@example.com`).join(':'));
    assert.equal(seen.size, 1_000_000);
  }, 60_000);
});
