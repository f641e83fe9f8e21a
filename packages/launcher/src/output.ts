import { formatLogLine, formatPrefix, launcherRecord } from './log-format.js';

export interface Output {
  /** A line a service printed. */
  child(name: string, line: string, stream: 'stdout' | 'stderr'): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Printed as it is (the banner). */
  text(text: string): void;
  readonly color: boolean;
}

/**
 * Everything the launcher prints. Pretty: each line prefixed by its service, pino lines turned into
 * `HH:MM:SS.mmm level msg key=value`. SOUK_LOG_FORMAT=json: the services' lines as they are, and the
 * launcher's own messages as JSON lines of the same shape.
 */
export function createOutput(options: { format: 'pretty' | 'json'; names: string[] }): Output {
  const color = !!process.stdout.isTTY && !process.env.NO_COLOR;
  // A closed pipe (`npm start | head`) must not crash the launcher.
  process.stdout.on('error', () => {});
  process.stderr.on('error', () => {});
  const names = [...options.names, 'launcher'];
  const width = Math.max(...names.map((name) => name.length));
  const prefixes = new Map(
    names.map((name, index) => [
      name,
      formatPrefix(name, width, name === 'launcher' ? 9 : index, { color }),
    ]),
  );
  const write = (stream: 'stdout' | 'stderr', text: string): void => {
    process[stream].write(`${text}\n`);
  };

  function child(name: string, line: string, stream: 'stdout' | 'stderr'): void {
    if (options.format === 'json') return write(stream, line);
    const prefix = prefixes.get(name) ?? `${name} | `;
    for (const text of formatLogLine(line, { color })) write(stream, `${prefix}${text}`);
  }

  const own = (level: 'info' | 'warn' | 'error', message: string) => {
    const [first, ...rest] = message.split('\n');
    const stream = level === 'info' ? 'stdout' : 'stderr';
    if (options.format === 'json') return write(stream, launcherRecord(level, message));
    child('launcher', launcherRecord(level, first ?? ''), stream);
    for (const line of rest) write(stream, `${prefixes.get('launcher')}${line}`);
  };

  return {
    child,
    info: (message) => own('info', message),
    warn: (message) => own('warn', message),
    error: (message) => own('error', message),
    text: (text) => write('stdout', text),
    color,
  };
}
