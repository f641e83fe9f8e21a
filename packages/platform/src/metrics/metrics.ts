import http from 'node:http';
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';

/**
 * OpenTelemetry metrics for one service process, read by Prometheus from the service's own
 * `GET /metrics` (or the gateway's separate metrics port). The exporter runs no server of its
 * own: each scrape collects and serializes. Everything records through the global API
 * (`metrics.getMeter('souk')`), a no-op until this runs.
 */
let state:
  | { provider: MeterProvider; exporter: PrometheusExporter; runtime: RuntimeNodeInstrumentation }
  | undefined;
// No name prefix, no timestamps, no resource labels on each series; target_info kept; no
// otel_scope_* labels (every instrument is the platform's own meter, or the runtime's).
const serializer = new PrometheusSerializer('', false, undefined, false, true);

export interface MetricsOptions {
  serviceName: string;
  serviceInstanceId?: string | undefined;
}

/** Installs the meter provider (once per process) and the Node runtime metrics. */
export function startMetrics(options: MetricsOptions): void {
  if (state) return;
  const exporter = new PrometheusExporter({ preventServerStart: true });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.namespace': 'souk',
      ...(options.serviceInstanceId ? { 'service.instance.id': options.serviceInstanceId } : {}),
    }),
    readers: [exporter],
  });
  metrics.setGlobalMeterProvider(provider);
  // Event-loop delay and utilization, heap spaces, GC durations (OpenTelemetry's semantic names).
  // Enabled as it is made; it makes its instruments on the provider it is given.
  const runtime = new RuntimeNodeInstrumentation({ monitoringPrecision: 10 });
  runtime.setMeterProvider(provider);
  state = { provider, exporter, runtime };
}

/** The current values in Prometheus text format (empty until startMetrics ran). */
export async function renderMetrics(): Promise<string> {
  if (!state) return '';
  // An observable that fails (the database is down) is left out; the others are still served.
  const { resourceMetrics } = await state.exporter.collect();
  return serializer.serialize(resourceMetrics);
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export async function stopMetrics(): Promise<void> {
  const current = state;
  state = undefined;
  if (!current) return;
  current.runtime.disable();
  metrics.disable();
  await current.provider.shutdown();
}

/**
 * A bare HTTP server answering only `GET /metrics`, for a process whose main port is public (the
 * gateway): Prometheus scrapes this port, which the deployment does not publish.
 */
export async function serveMetrics(options: {
  host: string;
  port: number;
}): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response
        .writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
        .end('Not found: metrics are at /metrics\n');
      return;
    }
    renderMetrics().then(
      (text) => response.writeHead(200, { 'content-type': PROMETHEUS_CONTENT_TYPE }).end(text),
      (error: unknown) =>
        response
          .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
          .end(`${(error as Error).message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
