/** Turns the children's pino JSON lines into `HH:MM:SS.mmm level msg key=value…`, prefixed by service. */

const ESC = '\u001b[';
export const paint = (code: string, text: string, color: boolean) =>
  color ? `${ESC}${code}m${text}${ESC}0m` : text;

const LEVELS: Record<number, { name: string; code: string }> = {
  10: { name: 'trace', code: '90' },
  20: { name: 'debug', code: '34' },
  30: { name: 'info', code: '32' },
  40: { name: 'warn', code: '33' },
  50: { name: 'error', code: '31' },
  60: { name: 'fatal', code: '1;35' },
};

/** Fields every pino line has, shown elsewhere in the line or not at all. */
const HIDDEN_KEYS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'service', 'v']);

const SERVICE_COLORS = ['36', '35', '33', '32', '34', '96', '95', '93', '92', '94'];

export interface FormatOptions {
  color: boolean;
}

/** `auth        │ ` with a color of its own per service. */
export function formatPrefix(
  name: string,
  width: number,
  colorIndex: number,
  options: FormatOptions,
): string {
  const code = SERVICE_COLORS[colorIndex % SERVICE_COLORS.length]!;
  return `${paint(code, name.padEnd(width), options.color)} ${paint('90', '|', options.color)} `;
}

export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

export function formatLevel(level: number | string, options: FormatOptions): string {
  const known =
    typeof level === 'number'
      ? LEVELS[level]
      : Object.values(LEVELS).find((entry) => entry.name === level);
  const name = known?.name ?? String(level);
  return paint(known?.code ?? '0', name.padEnd(5), options.color);
}

/**
 * One pino JSON line as text lines (at error level, the error's stack follows on its own lines);
 * anything that is not a pino line comes back unchanged.
 */
export function formatLogLine(line: string, options: FormatOptions): string[] {
  const record = parseRecord(line);
  if (!record) return [line];
  const time = typeof record.time === 'number' ? record.time : Date.now();
  const level = record.level as number | string;
  const parts = [
    paint('90', formatTime(time), options.color),
    formatLevel(level, options),
    messageText(record.msg),
  ];
  const extra: string[] = [];
  // Stacks only for errors: a warning such as a failed heartbeat repeats, its stack would flood.
  const showStacks =
    typeof level === 'number' ? level >= 50 : level === 'error' || level === 'fatal';
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN_KEYS.has(key) || value === undefined) continue;
    if (isErrorLike(value)) {
      parts.push(
        `${paint('90', `${key}=`, options.color)}${formatValue(`${value.type ?? 'Error'}: ${value.message}`)}`,
      );
      if (showStacks) extra.push(...stackLines(value.stack));
      continue;
    }
    parts.push(`${paint('90', `${key}=`, options.color)}${formatValue(value)}`);
  }
  return [
    parts.filter(Boolean).join(' '),
    ...extra.map((text) => paint('90', `    ${text}`, options.color)),
  ];
}

/** pino's msg is a string; anything else a child printed there is shown as JSON, not [object Object]. */
function messageText(msg: unknown): string {
  if (msg === undefined || msg === null) return '';
  return typeof msg === 'string' ? msg : JSON.stringify(msg);
}

function parseRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const record = value as Record<string, unknown>;
    return 'level' in record && ('msg' in record || 'time' in record) ? record : undefined;
  } catch {
    return undefined;
  }
}

interface ErrorLike {
  type?: string;
  message: string;
  stack?: string;
}

function isErrorLike(value: unknown): value is ErrorLike {
  return (
    !!value &&
    typeof value === 'object' &&
    typeof (value as ErrorLike).message === 'string' &&
    ('stack' in value || 'type' in value)
  );
}

/** Stack frames after the first line (which repeats the message), and any `caused by` parts. */
function stackLines(stack: string | undefined): string[] {
  if (!stack) return [];
  return stack
    .split('\n')
    .slice(1)
    .map((text) => text.trim())
    .filter(Boolean);
}

export function formatValue(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return String(value);
  return JSON.stringify(value);
}

/** A launcher message in the same shape as a child's, so the two read alike. */
export function launcherRecord(
  level: 'info' | 'warn' | 'error',
  msg: string,
  fields: Record<string, unknown> = {},
): string {
  const numeric = { info: 30, warn: 40, error: 50 }[level];
  return JSON.stringify({ level: numeric, time: Date.now(), service: 'launcher', ...fields, msg });
}
