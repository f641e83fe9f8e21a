import { afterEach, beforeEach } from 'vitest';

/** jsdom has no EventSource: this one records what the provider opens and lets the test speak for the server. */
export class ServerSentEvents extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static opened: ServerSentEvents[] = [];
  readyState = ServerSentEvents.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;

  constructor(readonly url: string) {
    super();
    ServerSentEvents.opened.push(this);
  }

  get token(): string | null {
    return new URL(this.url, 'http://shop.test').searchParams.get('access_token');
  }

  send(event: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }));
  }

  /** The server accepted the stream. */
  open(): void {
    this.readyState = ServerSentEvents.OPEN;
    this.onopen?.();
  }

  /** The connection is lost for good (e.g. the gateway answered 401): the browser gave up. */
  fail(): void {
    this.readyState = ServerSentEvents.CLOSED;
    this.onerror?.();
  }

  close(): void {
    this.readyState = ServerSentEvents.CLOSED;
  }
}

/** Installs ServerSentEvents as the global EventSource for each test of the file. */
export function installFakeEventSource(): void {
  const original = globalThis.EventSource;
  beforeEach(() => {
    ServerSentEvents.opened = [];
    globalThis.EventSource = ServerSentEvents as unknown as typeof EventSource;
  });
  afterEach(() => {
    globalThis.EventSource = original;
  });
}
