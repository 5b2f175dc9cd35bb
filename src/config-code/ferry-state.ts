import type { FerryApi } from './ferry-api';

export interface StoredEndpoint {
  id: string;
  name: string;
  type: string;
  /** Secrets shown as null. */
  config: Record<string, unknown>;
  storedSecrets: string[];
}

export interface StoredModel {
  id: string;
  name: string;
  description: string | null;
  sql: string;
  table: string | null;
  /** The columns its SQL or table had when it was last saved. */
  columns: Array<{ name: string }>;
  source: { id: string };
}

export interface StoredSchedule {
  kind: 'MANUAL' | 'INTERVAL' | 'CRON' | 'AFTER_SYNC';
  every: string | null;
  cron: string | null;
  timezone: string | null;
  afterSyncId: string | null;
}

export interface StoredSync {
  id: string;
  name: string;
  object: string;
  behavior: 'UPDATE_OR_CREATE' | 'UPDATE_ONLY';
  syncKey: { column: string; field: string };
  mappings: Array<{ from: string | null; constant: string | null; to: string }>;
  schedule: StoredSchedule;
  paused: boolean;
  changeGuard: { maxRecords: number | null; maxPercent: number | null } | null;
  model: { id: string };
  destination: { id: string };
}

export interface StoredRule {
  id: string;
  name: string;
  syncId: string | null;
  condition: string;
  rejectedRowsPercent: number | null;
  duration: string | null;
  format: string;
  /** Its origin only: the URL itself is sealed (compared by urlChanged). */
  url: string;
  enabled: boolean;
}

/** What Ferry holds now, as its API shows it (secrets never). */
export interface FerryState {
  sources: StoredEndpoint[];
  destinations: StoredEndpoint[];
  models: StoredModel[];
  syncs: StoredSync[];
  notificationRules: StoredRule[];
}

const endpointFields = 'id name type config storedSecrets';

export function readFerryState(api: FerryApi): Promise<FerryState> {
  return api.request<FerryState>(`{
    sources { ${endpointFields} }
    destinations { ${endpointFields} }
    models { id name description sql table columns { name } source { id } }
    syncs {
      id name object behavior paused
      syncKey { column field }
      mappings { from constant to }
      schedule { kind every cron timezone afterSyncId }
      changeGuard { maxRecords maxPercent }
      model { id }
      destination { id }
    }
    notificationRules { id name syncId condition rejectedRowsPercent duration format url enabled }
  }`);
}
