export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * One line per event on `write`. Every known secret value is replaced before the line leaves,
 * so a token that slips into a message or an error is still never logged.
 */
export function createLogger(options: {
  level: LogLevel;
  secrets: () => Array<string | undefined>;
  write?: (line: string) => void;
}): Logger {
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const redact = (text: string) => {
    let out = text;
    for (const s of options.secrets())
      if (s && s.length >= 6) out = out.split(s).join('[redacted]');
    return out;
  };
  const log = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[level] < ORDER[options.level]) return;
    const extra = fields && Object.keys(fields).length > 0 ? ' ' + safeJson(fields) : '';
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${msg}${extra}`));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

function safeJson(fields: Record<string, unknown>): string {
  return JSON.stringify(fields, (_k, v: unknown) =>
    v instanceof Error ? { name: v.name, message: v.message } : v,
  );
}
