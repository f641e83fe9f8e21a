import { createServer } from 'node:net';
import { LaunchError } from './config.js';

export interface PortClaim {
  port: number;
  /** The variable that moves it, e.g. GATEWAY_PORT. */
  setting: string;
  /** Appended to the message, e.g. that a process of an earlier run may hold it. */
  hint?: string;
}

/** Whether something already listens on 127.0.0.1:port (where every process here binds). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () =>
      server.close(() => resolve(true)),
    );
  });
}

/** One error naming every busy port and the variable that moves it. */
export async function assertPortsFree(claims: PortClaim[]): Promise<void> {
  const busy = (
    await Promise.all(
      claims.map(async (claim) => ((await isPortFree(claim.port)) ? undefined : claim)),
    )
  ).filter((claim): claim is PortClaim => claim !== undefined);
  if (busy.length === 0) return;
  throw new LaunchError(
    busy
      .map(
        (claim) =>
          `port ${claim.port} is already in use: stop what holds it or set ${claim.setting}=...${claim.hint ? ` (${claim.hint})` : ''}`,
      )
      .join('\n'),
  );
}
