import pg from 'pg';
import type { Logger } from '../logger.js';

export interface ChannelListenerOptions {
  url: string;
  /** A lower-case SQL identifier. */
  channel: string;
  applicationName: string;
  logger: Logger;
  onNotify: (payload: string) => void;
}

export interface ChannelListener {
  close(): Promise<void>;
}

const RECONNECT_MS = 1_000;

/**
 * LISTENs on a PostgreSQL channel over a connection of its own and hands each payload to
 * `onNotify`. Resolves once listening (a first connection that fails rejects). A connection lost
 * later is opened again every second until it works; what was notified meanwhile is missed, so
 * callers treat notifications as hints and have another way to catch up.
 */
export async function listenToChannel(options: ChannelListenerOptions): Promise<ChannelListener> {
  if (!/^[a-z_][a-z0-9_]*$/.test(options.channel))
    throw new Error(`Invalid channel name ${options.channel}`);
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  async function connect(): Promise<void> {
    const next = new pg.Client({
      connectionString: options.url,
      application_name: options.applicationName,
    });
    let listening = false;
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify(message.payload ?? '');
    });
    // Before it listens, a failure is the rejection of connect() below; after, a lost connection
    // shows as an error, an end, or both.
    const lost = (error?: Error) => {
      if (!listening || closed || client !== next) return;
      options.logger.warn(
        { err: error, channel: options.channel },
        'listener connection lost; reconnecting',
      );
      client = undefined;
      void next.end().catch(() => {});
      reconnectLater();
    };
    next.on('error', lost);
    next.on('end', () => lost());
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    listening = true;
    if (closed) await next.end();
    else client = next;
  }

  function reconnectLater(): void {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => reconnectLater());
    }, RECONNECT_MS);
    retry.unref();
  }

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
