import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  formatLogLine,
  formatPrefix,
  formatTime,
  formatValue,
  launcherRecord,
} from './log-format.js';

const plain = { color: false };
// 2026-01-02 03:04:05.006 in local time, whatever the machine's time zone.
const time = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();

describe("formatting the services' log lines", () => {
  it('when a pino line comes in, then it reads time, level, message, then the other fields', () => {
    const line = JSON.stringify({
      level: 30,
      time,
      pid: 1,
      hostname: 'h',
      service: 'product',
      name: 'product',
      requestId: 'r-1',
      statusCode: 200,
      msg: 'request completed',
    });
    expect(formatLogLine(line, plain)).toEqual([
      '03:04:05.006 info  request completed requestId=r-1 statusCode=200',
    ]);
  });

  it('when values hold spaces, quotes or structure, then they are quoted or shown as JSON', () => {
    const line = JSON.stringify({
      level: 40,
      time,
      msg: 'odd',
      reason: 'two words',
      empty: '',
      nested: { a: [1, 2] },
      ok: true,
      none: null,
    });
    expect(formatLogLine(line, plain)).toEqual([
      '03:04:05.006 warn  odd reason="two words" empty="" nested={"a":[1,2]} ok=true none=null',
    ]);
  });

  it('when an error is logged at error level, then its type and message are inline and its stack follows', () => {
    const err = {
      type: 'Error',
      message: 'boom',
      stack:
        'Error: boom\n    at run (/app/x.js:1:1)\ncaused by: Error: root\n    at y (/app/y.js:2:2)',
    };
    const lines = formatLogLine(
      JSON.stringify({ level: 50, time, msg: 'start-up failed', err }),
      plain,
    );
    expect(lines).toEqual([
      '03:04:05.006 error start-up failed err="Error: boom"',
      '    at run (/app/x.js:1:1)',
      '    caused by: Error: root',
      '    at y (/app/y.js:2:2)',
    ]);
  });

  it('when an error is logged as a warning, then only its message shows, not its stack', () => {
    const err = {
      type: 'Error',
      message: 'connect ECONNREFUSED',
      stack: 'Error: connect ECONNREFUSED\n    at x',
    };
    expect(
      formatLogLine(
        JSON.stringify({ level: 40, time, msg: 'registry heartbeat failed', err }),
        plain,
      ),
    ).toEqual(['03:04:05.006 warn  registry heartbeat failed err="Error: connect ECONNREFUSED"']);
  });

  it.each([
    ['plain text', '[auth] Invalid configuration:'],
    ['a Node warning', '(node:123) [FSTDEP024] FastifyDeprecation: something'],
    ['JSON that is not a log record', '{"hello":"world"}'],
    ['broken JSON', '{"level":30,'],
    ['an empty line', ''],
  ])('when a line is %s, then it passes through unchanged', (_kind, line) => {
    expect(formatLogLine(line, plain)).toEqual([line]);
  });

  it('when color is on, then the level is colored and the text is otherwise the same', () => {
    const [colored] = formatLogLine(JSON.stringify({ level: 50, time, msg: 'failed' }), {
      color: true,
    });
    expect(colored).toContain('\u001b[31merror\u001b[0m');
    expect(stripVTControlCharacters(colored!)).toBe('03:04:05.006 error failed');
  });

  it('prefixes are padded to the longest name so messages line up', () => {
    expect(formatPrefix('auth', 12, 0, plain)).toBe('auth         | ');
    expect(formatPrefix('notification', 12, 1, plain)).toBe('notification | ');
  });

  it('times are shown with milliseconds and leading zeros', () => {
    expect(formatTime(time)).toBe('03:04:05.006');
    expect(formatTime(new Date(2026, 0, 2, 23, 59, 59, 999).getTime())).toBe('23:59:59.999');
  });

  it('plain words stay bare, anything else is quoted', () => {
    expect(formatValue('http://127.0.0.1:8080/x?y=1')).toBe('"http://127.0.0.1:8080/x?y=1"');
    expect(formatValue('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    expect(formatValue(42)).toBe('42');
  });

  it("the launcher's own messages are shaped like a service's, so both print alike", () => {
    const record = launcherRecord('warn', 'order exited with code 1; restarting in 2 s');
    const [line] = formatLogLine(record, plain);
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} warn {2}order exited with code 1; restarting in 2 s$/,
    );
    expect(JSON.parse(record)).toMatchObject({ level: 40, service: 'launcher' });
  });
});
