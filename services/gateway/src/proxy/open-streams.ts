import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/** The event streams this gateway is piping to browsers. */
export interface OpenStreams {
  /** Follows one stream until it ends. */
  add(client: ServerResponse, upstream: Readable): void;
  size(): number;
  /**
   * Ends every stream with a `retry:` of one to three seconds, so the browsers come back spread
   * out, to a gateway that stays (the app's preClose hook, after the shutdown's drain). A piped
   * stream would otherwise hold the server's close until the shutdown times out.
   */
  closeAll(): void;
}

const SHUTDOWN_RECONNECT_MS = { min: 1_000, max: 3_000 };

export function createOpenStreams(): OpenStreams {
  const streams = new Map<ServerResponse, Readable>();
  return {
    add(client, upstream) {
      streams.set(client, upstream);
      client.once('close', () => streams.delete(client));
    },
    size: () => streams.size,
    closeAll() {
      for (const [client, upstream] of streams) {
        streams.delete(client);
        // Unpiped first, so the hint never lands in the middle of an event being passed on.
        upstream.unpipe(client);
        const retryMs = Math.round(
          SHUTDOWN_RECONNECT_MS.min +
            Math.random() * (SHUTDOWN_RECONNECT_MS.max - SHUTDOWN_RECONNECT_MS.min),
        );
        if (client.writableEnded || client.destroyed) {
          upstream.destroy();
          continue;
        }
        client.end(`retry: ${retryMs}\n\n`, () => {
          upstream.destroy();
          // The connection would otherwise stay open as keep-alive and hold the server's close.
          client.socket?.end();
        });
      }
    },
  };
}
