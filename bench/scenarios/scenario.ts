/** What every scenario process is given by bench/run.ts. */
export interface ScenarioContext {
  /** Ferry's own database. */
  ferryUrl: string;
  /** The database the models read. */
  warehouseUrl: string;
  secretKey: string;
  /** Values a scenario leaves for a later one (the 1M-row sync's id). */
  state: Record<string, string>;
}

/** Figures to print, by label. */
export type ScenarioResult = Record<string, number | string>;
