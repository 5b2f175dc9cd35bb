import { ApiToken } from './api-token';
import { Destination } from './destination';
import { Model } from './model';
import { RejectedRow } from './rejected-row';
import { Source } from './source';
import { Sync } from './sync';
import { SyncRun } from './sync-run';
import { SyncSnapshot } from './sync-snapshot';

export { ApiToken, Destination, Model, RejectedRow, Source, Sync, SyncRun, SyncSnapshot };
export { TestOutcome } from './test-outcome';
export { ModelColumn } from './model-column';
export { ChangeGuard, FieldMapping, Schedule, ScheduleKind, SyncBehavior, SyncKey } from './sync-settings';
export { RunStatus, RunTrigger, terminalRunStatuses } from './sync-run';

export const entities = [Source, Destination, Model, Sync, SyncRun, RejectedRow, SyncSnapshot, ApiToken];
