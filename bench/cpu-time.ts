import { readFileSync, readdirSync } from 'node:fs';

/** CPU seconds (user + system) this process has used. */
export function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/**
 * CPU seconds used by every `postgres` process on this machine (Linux /proc), or null elsewhere. On a shared
 * machine wall-clock figures move with other load; CPU seconds show what a run itself cost. Given a postmaster's
 * pid, only that cluster's processes count (other PostgreSQL servers on the machine do not).
 */
export function postgresCpuSeconds(postmasterPid?: number): number | null {
  try {
    const ticksPerSecond = 100;
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (postmasterPid !== undefined && Number(pid) !== postmasterPid && Number(fields[1]) !== postmasterPid) continue;
      // utime, stime, and the children's (the postmaster collects its backends' time when they exit)
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    }
    return ticks / ticksPerSecond;
  } catch {
    return null;
  }
}

/** Runs `work` and returns its result with the CPU seconds this process and PostgreSQL spent meanwhile. */
export async function measureCpu<T>(work: () => Promise<T>): Promise<{ result: T; engineCpu: number; postgresCpu: number | null }> {
  const engineBefore = processCpuSeconds();
  const postgresBefore = postgresCpuSeconds();
  const result = await work();
  const postgresAfter = postgresCpuSeconds();
  return {
    result,
    engineCpu: Math.round((processCpuSeconds() - engineBefore) * 10) / 10,
    postgresCpu: postgresBefore === null || postgresAfter === null ? null : Math.round((postgresAfter - postgresBefore) * 10) / 10,
  };
}

/** The pid of the postmaster serving `client`'s database (it must run on this machine). */
export async function postmasterPid(client: { query(sql: string): Promise<{ rows: Array<Record<string, string>> }> }): Promise<number | undefined> {
  try {
    const { rows } = await client.query('SHOW data_directory');
    return Number(readFileSync(`${rows[0].data_directory}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
}
