import type { Logger } from './plugins/contract';

const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

/** One JSON line per event on stderr. Callers never pass secrets; configs are logged redacted or not at all. */
export function createLogger(
  minimum: LogLevel,
  scope = 'ferry',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger & { child(scope: string): Logger } {
  const threshold = levels.indexOf(minimum);
  const log = (level: LogLevel) => (message: string, meta?: Record<string, unknown>) => {
    if (levels.indexOf(level) < threshold) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, scope, message, ...meta })}\n`);
  };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    child: (child: string) => createLogger(minimum, `${scope}:${child}`, write),
  };
}
