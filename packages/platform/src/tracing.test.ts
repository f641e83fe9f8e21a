import { Type } from '@sinclair/typebox';
import { startOtlpReceiver } from '@souk/testkit';
import { ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
// The SDK's own enum: the sampler's decisions are typed with it, not with the API's twin.
import { SamplingDecision } from '@opentelemetry/sdk-trace-node';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { httpConfig } from './service.js';
import {
  contextFromHeaders,
  createSampler,
  startTracing,
  stopTracing,
  withSpan,
} from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const sampledParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
});
const unsampledParent = trace.setSpanContext(ROOT_CONTEXT, {
  traceId: TRACE_ID,
  spanId: '00f067aa0ba902b7',
  traceFlags: TraceFlags.NONE,
  isRemote: true,
});
const decide = (
  name: Parameters<typeof createSampler>[0],
  ratio: number,
  parent = ROOT_CONTEXT,
  traceId = TRACE_ID,
) =>
  createSampler(name, ratio).shouldSample(parent, traceId, 'span', SpanKind.SERVER, {}, [])
    .decision;

describe('trace sampling', () => {
  it('parent-based ratio: a new trace is drawn by ratio, a continued one follows its caller', () => {
    expect(decide('parentbased_traceidratio', 0)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('parentbased_traceidratio', 1)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_traceidratio', 0, sampledParent)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide('parentbased_traceidratio', 1, unsampledParent)).toBe(
      SamplingDecision.NOT_RECORD,
    );
    // About half of many random trace ids at 0.5.
    const kept = Array.from({ length: 2000 }, () =>
      decide('parentbased_traceidratio', 0.5, ROOT_CONTEXT, randomTraceId()),
    ).filter((decision) => decision === SamplingDecision.RECORD_AND_SAMPLED).length;
    expect(kept).toBeGreaterThan(800);
    expect(kept).toBeLessThan(1200);
  });

  it('the other names: always_on and always_off ignore the parent unless parent-based', () => {
    expect(decide('always_off', 1, sampledParent)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('always_on', 0, unsampledParent)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide('parentbased_always_off', 1, sampledParent)).toBe(
      SamplingDecision.RECORD_AND_SAMPLED,
    );
    expect(decide('parentbased_always_off', 1)).toBe(SamplingDecision.NOT_RECORD);
    expect(decide('traceidratio', 0, sampledParent)).toBe(SamplingDecision.NOT_RECORD);
  });

  it('OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG are read by the shared config, with defaults and checks', () => {
    const schema = Type.Object(httpConfig(0));
    expect(loadConfig(schema, {})).toMatchObject({
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: 1,
    });
    expect(
      loadConfig(schema, { OTEL_TRACES_SAMPLER: 'always_off', OTEL_TRACES_SAMPLER_ARG: '0.25' }),
    ).toMatchObject({
      OTEL_TRACES_SAMPLER: 'always_off',
      OTEL_TRACES_SAMPLER_ARG: 0.25,
    });
    expect(() => loadConfig(schema, { OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { OTEL_TRACES_SAMPLER_ARG: '1.5' })).toThrow(
      /OTEL_TRACES_SAMPLER_ARG/,
    );
  });

  describe('the started provider honours the setting', () => {
    let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
    afterAll(async () => {
      await stopTracing();
      await receiver?.close();
    });

    it('with a ratio of 0, a new trace is not exported and a request continuing a sampled trace is', async () => {
      receiver = await startOtlpReceiver();
      await startTracing({
        serviceName: 'sampler-test',
        otlpEndpoint: receiver.url,
        sampler: 'parentbased_traceidratio',
        samplerRatio: 0,
      });
      await withSpan('new trace', {}, async () => {});
      const parent = contextFromHeaders({ traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` });
      await withSpan('continued trace', { parent }, async () => {});
      await stopTracing();
      expect(receiver.spans.map((span) => span.name)).toEqual(['continued trace']);
    });
  });
});

function randomTraceId(): string {
  return Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
}
