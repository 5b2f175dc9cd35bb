/** MySQL and MariaDB speak one protocol but name some settings differently. */
export type ServerFlavour = 'mysql' | 'mariadb';

/** MariaDB's VERSION() says so, e.g. `10.11.6-MariaDB-0+deb12u1`; MySQL's is e.g. `8.4.0`. */
export function serverFlavour(version: string): ServerFlavour {
  return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
}

/**
 * The session setting that bounds one statement's run time: MariaDB's `max_statement_time` (seconds, any
 * statement) or MySQL's `max_execution_time` (milliseconds, read-only SELECTs). 0 means no limit on both.
 */
export function statementTimeLimit(flavour: ServerFlavour, seconds: number): string {
  return flavour === 'mariadb' ? `max_statement_time = ${Number(seconds.toFixed(6))}` : `max_execution_time = ${Math.round(seconds * 1000)}`;
}
