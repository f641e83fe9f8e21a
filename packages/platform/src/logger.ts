import { pino, type Logger, type LoggerOptions } from 'pino';
import { currentTraceId } from './tracing.js';

export type { Logger };

/**
 * JSON logs to stdout, pretty only when stdout is a terminal. Every line carries the active trace
 * id; request-scoped loggers add the request id. Secrets that could reach a log line are redacted.
 */
export function createLogger(options: { name: string; level?: string }): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    base: { service: options.name },
    mixin() {
      const traceId = currentTraceId();
      return traceId ? { traceId } : {};
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'password',
        '*.password',
        'refreshToken',
        '*.refreshToken',
        'card',
        '*.card',
      ],
      censor: '[redacted]',
    },
  };
  if (process.stdout.isTTY && options.level !== 'silent') {
    return pino(
      config,
      pino.transport({
        target: 'pino-pretty',
        options: { colorize: true, translateTime: 'HH:MM:ss.l' },
      }),
    );
  }
  return pino(config);
}
