/** One message read from a text/event-stream: an event, or a comment line (heartbeat). */
export interface StreamMessage {
  id?: string;
  event?: string;
  data?: any;
  comment?: string;
  /** A `retry:` field: how long the browser waits before reconnecting. */
  retry?: number;
}

export interface StreamClient {
  status: number;
  headers: Headers;
  messages: StreamMessage[];
  /** Resolves with the first message after the cursor that matches, moving the cursor past it. */
  next(match: (message: StreamMessage) => boolean, timeoutMs?: number): Promise<StreamMessage>;
  /** Resolves when the server ends the stream (bounded). */
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Reads a server-sent event stream with fetch, the way a browser's EventSource would. */
export async function openStream(
  url: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<StreamClient> {
  const abort = new AbortController();
  const response = await fetch(url, {
    headers: {
      accept: 'text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    signal: abort.signal,
  });
  const messages: StreamMessage[] = [];
  let cursor = 0;
  let wake: (() => void) | undefined;
  let done = false;

  const pump = (async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
      await response.text().catch(() => {});
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done: finished } = await reader.read();
        if (finished) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          messages.push(parse(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
        }
        wake?.();
      }
    } catch {
      // Aborted by close(): nothing more to read.
    }
  })().finally(() => {
    done = true;
    wake?.();
  });

  const until = async (ready: () => boolean, timeoutMs: number, what: string) => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out waiting for ${what}; got ${JSON.stringify(messages.slice(cursor))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };

  return {
    status: response.status,
    headers: response.headers,
    messages,
    async next(match, timeoutMs = 5_000) {
      let found: StreamMessage | undefined;
      await until(
        () => {
          while (cursor < messages.length) {
            const message = messages[cursor++]!;
            if (match(message)) {
              found = message;
              return true;
            }
          }
          return done;
        },
        timeoutMs,
        'a matching message',
      );
      if (!found)
        throw new Error(`stream ended before a matching message; got ${JSON.stringify(messages)}`);
      return found;
    },
    async ended(timeoutMs = 5_000) {
      await until(() => done, timeoutMs, 'the end of the stream');
      await pump;
    },
    close() {
      abort.abort();
    },
  };
}

function parse(block: string): StreamMessage {
  const message: StreamMessage = {};
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comment = line.slice(1).trim();
    else if (line.startsWith('id:')) message.id = line.slice(3).trim();
    else if (line.startsWith('event:')) message.event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trim());
    else if (line.startsWith('retry:')) message.retry = Number(line.slice(6).trim());
  }
  if (data.length > 0) message.data = JSON.parse(data.join('\n'));
  return message;
}
