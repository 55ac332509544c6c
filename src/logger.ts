import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** JSON logs on stdout. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { service: 'aai-graph-inventory' }, timestamp: pino.stdTimeFunctions.isoTime });
}
