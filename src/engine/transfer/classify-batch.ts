import type { DestinationRecord, Row } from '../../plugins/contract';
import type { OutgoingRecord } from './batch-writer';
import type { MappingRejection, RecordMapper } from './mapping';
import type { RecordHasher } from '../snapshot/record-hash';
import type { SnapshotDiff } from '../snapshot/snapshot-diff';

/** One batch of model rows, sorted by what a run does with them. */
export interface ClassifiedBatch {
  /** Rows that cannot be written: mapping failures and repeated keys, with the reason. */
  rejected: MappingRejection[];
  /** New or changed since the snapshot (or every valid row, with fullResync): to send. */
  changed: OutgoingRecord[];
  unchanged: OutgoingRecord[];
}

function duplicateKeyReason(keyLabel: string, key: string): string {
  return `Duplicate sync key: an earlier row of the model has the same ${keyLabel} "${key}"; only the first such row is sent`;
}

/** Rows mapped and hashed, before the snapshot is asked: what is left of a batch while its diff query runs. */
interface PreparedBatch {
  rejected: MappingRejection[];
  candidates: OutgoingRecord[];
}

function prepare(rows: readonly Row[], tools: ClassifyTools): PreparedBatch {
  const prepared: PreparedBatch = { rejected: [], candidates: [] };
  const keysInBatch = new Set<string>();
  for (const row of rows) {
    const mapped = tools.mapper.map(row);
    if (!mapped.ok) prepared.rejected.push({ key: mapped.key, reason: mapped.reason, record: mapped.record });
    else if (keysInBatch.has(mapped.record.key)) prepared.rejected.push(duplicateOf(mapped.record, tools.mapper.keyLabel));
    else {
      keysInBatch.add(mapped.record.key);
      prepared.candidates.push({ record: mapped.record, hash: tools.hasher.hash(mapped.record.fields) });
    }
  }
  return prepared;
}

function duplicateOf({ key, fields }: DestinationRecord, keyLabel: string): MappingRejection {
  return { key, reason: duplicateKeyReason(keyLabel, key), record: fields };
}

export interface ClassifyTools {
  mapper: RecordMapper;
  hasher: RecordHasher;
  diff: SnapshotDiff;
}

/**
 * Maps and hashes a batch, keeps the first row of each key (repeats within the batch are dropped here, repeats
 * of earlier batches by the diff's seen keys) and asks the snapshot which records changed: the same steps for a
 * run and for a preview. The rows are mapped before this returns its promise, so the caller may drop them and
 * start on the next batch while the diff query runs.
 */
export function classifyBatch(rows: readonly Row[], tools: ClassifyTools): Promise<ClassifiedBatch> {
  let prepared: PreparedBatch;
  try {
    prepared = prepare(rows, tools);
  } catch (error) {
    return Promise.reject(error);
  }
  return settle(prepared, tools);
}

async function settle({ rejected, candidates }: PreparedBatch, tools: ClassifyTools): Promise<ClassifiedBatch> {
  const keys: string[] = new Array(candidates.length);
  const hashes: string[] = new Array(candidates.length);
  candidates.forEach((c, i) => {
    keys[i] = c.record.key;
    hashes[i] = c.hash;
  });
  const { duplicates, changed } = await tools.diff.classify(keys, hashes);
  const batch: ClassifiedBatch = { rejected, changed: [], unchanged: [] };
  for (const [i, candidate] of candidates.entries()) {
    if (duplicates.has(i)) rejected.push(duplicateOf(candidate.record, tools.mapper.keyLabel));
    else if (changed.has(i)) batch.changed.push(candidate);
    else batch.unchanged.push(candidate);
  }
  return batch;
}
