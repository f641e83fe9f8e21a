/** Polls `<url>/health/ready` until it answers 200, the deadline passes, or the launch is aborted. */
export async function waitUntilReady(
  baseUrl: string,
  options: { deadline: number; signal: AbortSignal; intervalMs?: number },
): Promise<boolean> {
  const interval = options.intervalMs ?? 100;
  while (Date.now() < options.deadline && !options.signal.aborted) {
    try {
      const response = await fetch(`${baseUrl}/health/ready`, {
        signal: AbortSignal.timeout(2_000),
      });
      await response.arrayBuffer();
      if (response.status === 200) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return false;
}

/**
 * Polls the registry until every one of `services` has an instance listed: a service answers
 * /health/ready as soon as it listens, and registers a moment later (or, when it started before
 * the registry, at its next try), and the gateway finds services only through the registry.
 */
export async function waitUntilRegistered(
  registryUrl: string,
  services: string[],
  options: { deadline: number; signal: AbortSignal; intervalMs?: number },
): Promise<string[]> {
  const interval = options.intervalMs ?? 100;
  let missing = services;
  while (Date.now() < options.deadline && !options.signal.aborted) {
    try {
      const response = await fetch(`${registryUrl}/registry/services`, {
        signal: AbortSignal.timeout(2_000),
      });
      const body = (await response.json()) as {
        services?: { service: string; instances: unknown[] }[];
      };
      const listed = new Set(
        (body.services ?? [])
          .filter((entry) => entry.instances.length > 0)
          .map((entry) => entry.service),
      );
      missing = services.filter((name) => !listed.has(name));
      if (missing.length === 0) return [];
    } catch {
      // The registry is restarting: ask again.
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return missing;
}
