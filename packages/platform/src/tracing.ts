import {
  context,
  propagation,
  trace,
  SpanKind,
  SpanStatusCode,
  type Context,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace-node';

/**
 * OpenTelemetry for one service process. Spans are made explicitly at the boundaries we own
 * (HTTP server, HTTP client, event publish and consume, SQL), so tracing works the same whatever
 * order modules load in. Spans are exported only when an OTLP endpoint is configured; trace ids
 * still exist and travel without one, so logs of one request can be followed across services.
 */
let provider: NodeTracerProvider | undefined;

export interface TracingOptions {
  serviceName: string;
  serviceInstanceId?: string;
  /** Base OTLP/HTTP endpoint, e.g. http://otel-collector:4318 (spans go to `<endpoint>/v1/traces`). */
  otlpEndpoint?: string | undefined;
  /** OTEL_TRACES_SAMPLER's value (default parentbased_traceidratio). */
  sampler?: TracesSamplerName | undefined;
  /** OTEL_TRACES_SAMPLER_ARG: the ratio of new traces kept by the ratio samplers (default 1). */
  samplerRatio?: number | undefined;
}

/** The samplers OpenTelemetry's OTEL_TRACES_SAMPLER names, less the vendor ones. */
export const TRACES_SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
] as const;
export type TracesSamplerName = (typeof TRACES_SAMPLERS)[number];

/**
 * The sampler an OTEL_TRACES_SAMPLER value names. The parent-based ones follow the caller's
 * decision, so a trace is kept or dropped whole across services; only new traces are drawn.
 */
export function createSampler(
  name: TracesSamplerName = 'parentbased_traceidratio',
  ratio = 1,
): Sampler {
  const root = name.endsWith('always_on')
    ? new AlwaysOnSampler()
    : name.endsWith('always_off')
      ? new AlwaysOffSampler()
      : new TraceIdRatioBasedSampler(ratio);
  return name.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

export async function startTracing(options: TracingOptions): Promise<void> {
  if (provider) return;
  // The exporter (and its protobuf machinery) is loaded only when spans are exported.
  const exporter = options.otlpEndpoint
    ? new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter({
        url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces`,
      })
    : undefined;
  if (provider) return;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.namespace': 'souk',
      ...(options.serviceInstanceId ? { 'service.instance.id': options.serviceInstanceId } : {}),
    }),
    spanProcessors: exporter
      ? [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })]
      : [],
    // Without an exporter nothing reads the spans: traces started here are non-recording (cheap).
    // They still carry trace ids, so logs keep their traceId and traceparent still travels; a
    // caller's sampled trace stays sampled, so its decision reaches the services after us.
    sampler: exporter
      ? createSampler(options.sampler, options.samplerRatio)
      : new ParentBasedSampler({ root: new AlwaysOffSampler() }),
  });
  provider.register();
}

export async function stopTracing(): Promise<void> {
  const current = provider;
  provider = undefined;
  await current?.shutdown();
}

export function tracer(): Tracer {
  return trace.getTracer('souk');
}

/** The W3C traceparent of the active span, to carry in an event envelope or a request. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

export function currentTraceId(): string | undefined {
  const spanContext = trace.getSpan(context.active())?.spanContext();
  return spanContext && trace.isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}

export function contextFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): Context {
  return propagation.extract(context.active(), headers);
}

export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  propagation.inject(context.active(), headers);
  return headers;
}

/** Runs `work` inside a new span, ending it and recording failure either way. */
export async function withSpan<T>(
  name: string,
  options: {
    kind?: SpanKind;
    attributes?: Record<string, string | number | boolean>;
    parent?: Context;
  },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer().startSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs plumbing (a background sync every few seconds) without making a trace of each round. */
export function withoutTracing<T>(work: () => Promise<T>): Promise<T> {
  return context.with(suppressTracing(context.active()), work);
}

export { SpanKind, SpanStatusCode, context, trace, type Span, type Context };
