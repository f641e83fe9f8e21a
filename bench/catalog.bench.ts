// Catalog page throughput in one run: through the gateway (with its catalog cache), straight to
// the product service, and a bare Fastify JSON baseline serving the same body. Prints the ratios.
import { fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@souk/testkit';
import { startSystem } from '../e2e/support/system.js';
import { load, table } from './support.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const query = '/api/products?page=1&pageSize=20';

// 50 connections from one machine: no per-IP limits (the first misses all go upstream at once).
const system = await startSystem({
  env: { GATEWAY_RATE_LIMIT_MAX: '0', GATEWAY_MAX_REQUESTS_PER_IP: '0', LOG_LEVEL: 'warn' },
});
const baselinePort = await freePort();
let baseline: ReturnType<typeof fork> | undefined;
try {
  const productUrl = system.services.product!.url;
  const body = await (await fetch(`${productUrl}${query}`)).text();
  const bodyFile = path.join(tmpdir(), `souk-bench-catalog-${process.pid}.json`);
  await writeFile(bodyFile, body);
  baseline = fork(
    new URL('./baseline-server.mjs', import.meta.url),
    [String(baselinePort), bodyFile],
    { stdio: 'inherit' },
  );
  await new Promise((resolve) => baseline!.once('message', resolve));

  const results = [];
  results.push(
    await load('bare fastify baseline', `http://127.0.0.1:${baselinePort}${query}`, { seconds }),
  );
  results.push(await load('product service, direct', `${productUrl}${query}`, { seconds }));
  results.push(await load('through the gateway', `${system.gatewayUrl}${query}`, { seconds }));
  const [bare, direct, gateway] = results as [
    (typeof results)[0],
    (typeof results)[0],
    (typeof results)[0],
  ];

  console.log(
    `\nCatalog page (${query}, ${body.length} bytes), ${seconds} s per target, 50 connections\n`,
  );
  console.log(
    table(
      results.map((r) => ({
        target: r.name,
        'req/s': r.requestsPerSecond,
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        'non-2xx': r.non2xx,
        errors: r.errors,
      })),
    ),
  );
  console.log(
    `\ngateway / bare baseline: ${(gateway.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x (goal >= 0.6x)`,
  );
  console.log(
    `direct / bare baseline:  ${(direct.requestsPerSecond / bare.requestsPerSecond).toFixed(2)}x`,
  );
  console.log(
    `gateway / direct:        ${(gateway.requestsPerSecond / direct.requestsPerSecond).toFixed(2)}x`,
  );
} finally {
  baseline?.kill('SIGTERM');
  await system.stop();
}
