import { insecureUrlReason } from '../../contract';

const HOST_EXAMPLE = 'e.g. https://adb-1234567890123456.7.azuredatabricks.net or https://dbc-a1b2c3d4-e5f6.cloud.databricks.com';
const PATH_EXAMPLE = 'e.g. /sql/1.0/warehouses/1234567890abcdef';

/**
 * The workspace URL from what a user pastes: a bare host name gets https://; a trailing slash or page path is
 * dropped. Plain http only for a loopback host (local fakes and proxies).
 */
export function parseHost(input: string): { origin: string } | { error: string } {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { error: `"${input}" is not a host name or URL: copy the Server hostname from the warehouse's Connection details (${HOST_EXAMPLE})` };
  }
  const insecure = insecureUrlReason(url);
  if (insecure) return { error: `the workspace URL ${insecure}, ${HOST_EXAMPLE}` };
  if (url.username || url.password) return { error: 'the host must not contain a user name or password: put the personal access token in token' };
  return { origin: url.origin };
}

/**
 * The SQL warehouse id at the end of its HTTP path (`/sql/1.0/warehouses/<id>`, or the older
 * `/sql/1.0/endpoints/<id>`). A cluster's path (`/sql/protocolv1/o/…`) is refused: the Statement Execution API
 * only runs on SQL warehouses.
 */
export function warehouseIdFrom(httpPath: string): { id: string } | { error: string } {
  const match = /^\/?sql\/1\.0\/(?:warehouses|endpoints)\/([A-Za-z0-9]+)\/?$/.exec(httpPath.trim());
  if (match) return { id: match[1] };
  if (/protocolv1/.test(httpPath)) {
    return {
      error: `"${httpPath}" is the HTTP path of an all-purpose cluster: Ferry reads through a SQL warehouse; copy the HTTP path from SQL Warehouses → your warehouse → Connection details (${PATH_EXAMPLE})`,
    };
  }
  return {
    error: `"${httpPath}" is not a SQL warehouse's HTTP path: copy it from SQL Warehouses → your warehouse → Connection details (${PATH_EXAMPLE})`,
  };
}
