/** Reading a Prometheus text exposition (what GET /metrics answers) in tests. */

/** Sample names in a Prometheus text exposition (`# HELP`/`# TYPE` lines left out). */
export function sampleNames(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0])
      .filter((name): name is string => Boolean(name)),
  );
}

/** The sum of the samples named `name` whose labels include all of `labels` (0 when none). */
export function sampleValue(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [
        pair[1],
        pair[2],
      ]),
    );
    if (Object.entries(labels).every(([key, value]) => present[key] === value))
      total += Number(match[3]);
  }
  return total;
}
