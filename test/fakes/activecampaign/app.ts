import type { BulkImportProcessor } from './bulk-import-processor';
import type { FaultRegistry } from './faults';
import type { ResolvedOptions } from './options';
import type { FakeState } from './state/fake-state';

/** What every route module gets. */
export interface FakeApp {
  state: FakeState;
  options: ResolvedOptions;
  faults: FaultRegistry;
  importer: BulkImportProcessor;
}
