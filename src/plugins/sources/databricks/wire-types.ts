/** The parts of the Statement Execution API's replies the plugin reads. */
export type StatementState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CANCELED' | 'CLOSED';

export interface ManifestColumn {
  name: string;
  type_name: string;
  type_text: string;
  position: number;
}

export interface ExternalLink {
  chunk_index: number;
  row_offset: number;
  row_count: number;
  external_link: string;
  /** ISO 8601 time after which the link no longer works. */
  expiration: string;
  next_chunk_index?: number;
}

export interface StatementResponse {
  statement_id: string;
  status: { state: StatementState; error?: { error_code?: string; message?: string }; sql_state?: string };
  manifest?: { schema?: { columns?: ManifestColumn[] }; total_chunk_count?: number; total_row_count?: number };
  result?: { external_links?: ExternalLink[]; data_array?: Array<Array<string | null>>; next_chunk_index?: number };
}
