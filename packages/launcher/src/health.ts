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
