import { InitialSchema1764201600000 } from './1764201600000-initial-schema';
import { RateLimitGrants1764201700000 } from './1764201700000-rate-limit-grants';
import { SnapshotForBulkRuns1764201800000 } from './1764201800000-snapshot-for-bulk-runs';
import { RunTimeLeft1764201900000 } from './1764201900000-run-time-left';
import { TableModels1764202000000 } from './1764202000000-table-models';
import { SecretKeyCheck1764203000000 } from './1764203000000-secret-key-check';
import { TokenLifecycle1764203100000 } from './1764203100000-token-lifecycle';
import { ChangeGuard1764204000000 } from './1764204000000-change-guard';

/** Every migration, oldest first. */
export const migrations = [
  InitialSchema1764201600000,
  RateLimitGrants1764201700000,
  SnapshotForBulkRuns1764201800000,
  RunTimeLeft1764201900000,
  TableModels1764202000000,
  SecretKeyCheck1764203000000,
  TokenLifecycle1764203100000,
  ChangeGuard1764204000000,
];
