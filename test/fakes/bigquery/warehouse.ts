import type { FakeField, FakeRow } from './schema';

export interface FakeTable {
  fields: FakeField[];
  rows: FakeRow[];
}

export interface FakeDataset {
  projectId: string;
  datasetId: string;
  location: string;
  tables: Map<string, FakeTable>;
  /** Service accounts with roles/bigquery.dataViewer on the dataset; null: everyone the fake knows. */
  viewers: Set<string> | null;
}

/** The fake's datasets and who may run jobs in which project (roles/bigquery.jobUser). */
export class Warehouse {
  readonly datasets = new Map<string, FakeDataset>();
  /** project → service accounts that may create jobs there. */
  readonly jobUsers = new Map<string, Set<string>>();

  addDataset(projectId: string, datasetId: string, location = 'US', viewers: string[] | null = null): FakeDataset {
    const dataset: FakeDataset = { projectId, datasetId, location, tables: new Map(), viewers: viewers ? new Set(viewers) : null };
    this.datasets.set(`${projectId}:${datasetId}`, dataset);
    return dataset;
  }

  addTable(projectId: string, datasetId: string, tableId: string, fields: FakeField[], rows: FakeRow[]): void {
    const dataset = this.datasets.get(`${projectId}:${datasetId}`) ?? this.addDataset(projectId, datasetId);
    dataset.tables.set(tableId, { fields, rows });
  }

  dataset(projectId: string, datasetId: string): FakeDataset | undefined {
    return this.datasets.get(`${projectId}:${datasetId}`);
  }

  canView(dataset: FakeDataset, email: string): boolean {
    return dataset.viewers === null || dataset.viewers.has(email);
  }

  grantJobUser(projectId: string, email: string): void {
    const users = this.jobUsers.get(projectId) ?? new Set<string>();
    users.add(email);
    this.jobUsers.set(projectId, users);
  }

  isJobUser(projectId: string, email: string): boolean {
    return this.jobUsers.get(projectId)?.has(email) ?? false;
  }

  hasProject(projectId: string): boolean {
    return this.jobUsers.has(projectId) || [...this.datasets.values()].some((dataset) => dataset.projectId === projectId);
  }
}
