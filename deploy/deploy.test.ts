import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICE_NAMES } from '@souk/contracts';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  alertRules,
  dashboardExpressions,
  metricNamesIn,
  referencedMetricNames,
} from './monitoring/metric-names.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const k8s = `${root}deploy/k8s/`;
// The registry is replaced by Kubernetes Services (DISCOVERY=static), so it is not deployed.
// Folders only: services/tsconfig.json is the tests' type-checking project, not a service.
const deployed = readdirSync(`${root}services`, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'registry')
  .map((entry) => entry.name);

function documents(file: string): Array<Record<string, any>> {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS());
}

describe('Kubernetes manifests', () => {
  it("contracts' service table lists exactly the service folders, so the generator deploys them all", () => {
    expect([...SERVICE_NAMES].sort()).toEqual([...deployed, 'registry'].sort());
  });

  it('the committed service manifests are what the generator writes', () => {
    const before = deployed.map((name) => readFileSync(`${k8s}services/${name}.yaml`, 'utf8'));
    execFileSync(process.execPath, [`${k8s}generate.mjs`]);
    expect(deployed.map((name) => readFileSync(`${k8s}services/${name}.yaml`, 'utf8'))).toEqual(
      before,
    );
  });

  it('every service folder is deployed, listed in the kustomization and reachable through SERVICE_URLS', () => {
    const kustomization = documents(`${k8s}kustomization.yaml`)[0]!;
    const serviceUrls = String(documents(`${k8s}config.yaml`)[0]!.data.SERVICE_URLS);
    for (const name of deployed) {
      expect(kustomization.resources).toContain(`services/${name}.yaml`);
      if (name !== 'gateway') expect(serviceUrls).toContain(`${name}=http://${name}:8080`);
    }
  });

  it('every deployment has health probes, limits, a non-root read-only container and its own secret', () => {
    for (const name of deployed) {
      const deployment = documents(`${k8s}services/${name}.yaml`).find(
        (doc) => doc.kind === 'Deployment',
      )!;
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.limits.memory).toBeTruthy();
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      const secrets = container.env
        .filter((entry: any) => entry.valueFrom?.secretKeyRef)
        .map((entry: any) => entry.valueFrom.secretKeyRef.name);
      expect(new Set(secrets)).toEqual(new Set([name]));
      if (name !== 'gateway')
        expect(container.env.map((entry: any) => entry.name)).toContain('DATABASE_URL');
    }
  });

  it('every service trusts X-Forwarded-For only from the pod CIDR, and only pods of the namespace can reach a service', () => {
    const trusted = String(documents(`${k8s}config.yaml`)[0]!.data.TRUSTED_PROXIES);
    expect(trusted).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
    const policy = documents(`${k8s}network-policy.yaml`)[0]!;
    expect(policy.spec.ingress).toEqual([{ from: [{ podSelector: {} }] }]);
    const guarded = policy.spec.podSelector.matchExpressions[0].values;
    expect(new Set(guarded)).toEqual(new Set(deployed.filter((name) => name !== 'gateway')));
    expect(documents(`${k8s}kustomization.yaml`)[0]!.resources).toContain('network-policy.yaml');
  });

  it('production starts with an empty catalog: no manifest turns the demo catalog on', () => {
    const files = readdirSync(k8s, { recursive: true, encoding: 'utf8' }).filter((file) =>
      file.endsWith('.yaml'),
    );
    for (const file of files)
      expect(readFileSync(`${k8s}${file}`, 'utf8'), file).not.toMatch(/DEMO_CATALOG/);
  });

  it('every service with a database applies the bus topology before it starts (initContainer)', () => {
    for (const name of deployed.filter((service) => service !== 'gateway')) {
      const pod = documents(`${k8s}services/${name}.yaml`).find((doc) => doc.kind === 'Deployment')!
        .spec.template.spec;
      const init = pod.initContainers?.find((container: any) => container.name === 'bus-topology');
      expect(init, name).toBeDefined();
      expect(init.command).toEqual(['node', 'packages/platform/dist/bin/apply-bus-topology.js']);
      expect(init.image).toBe(pod.containers[0].image);
      expect(init.env[0].valueFrom.secretKeyRef).toEqual({ name, key: 'BROKER_URL' });
    }
  });
});

describe('monitoring', () => {
  it('the Prometheus configuration parses, scrapes the annotated pods of the namespace and loads the alert rules', () => {
    const config = parse(readFileSync(`${root}deploy/monitoring/prometheus.yml`, 'utf8'));
    expect(config.rule_files).toEqual(['alerts.yml']);
    const [job] = config.scrape_configs;
    expect(job.kubernetes_sd_configs[0]).toMatchObject({
      role: 'pod',
      namespaces: { names: ['souk'] },
    });
    const relabelled = job.relabel_configs.map((rule: { source_labels: string[] }) =>
      rule.source_labels.join(','),
    );
    expect(relabelled).toContain('__meta_kubernetes_pod_annotation_prometheus_io_scrape');
    expect(relabelled).toContain('__address__,__meta_kubernetes_pod_annotation_prometheus_io_port');
  });

  it('the alert rules cover the broker, the outbox age, dead letters, the error rate and p99 latency, each reading metrics', () => {
    const rules = alertRules();
    expect(rules.map((rule) => rule.alert).sort()).toEqual(
      [
        'SoukBrokerDown',
        'SoukDeadLetterQueueNotEmpty',
        'SoukDeadLetters',
        'SoukHighErrorRate',
        'SoukHighLatencyP99',
        'SoukOutboxBacklogOld',
      ].sort(),
    );
    for (const rule of rules) {
      expect(metricNamesIn(rule.expr).length, rule.alert).toBeGreaterThan(0);
      expect(rule.labels?.severity, rule.alert).toMatch(/^(warning|critical)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
    }
  });

  it('the Grafana dashboard parses and every panel has a query', () => {
    expect(dashboardExpressions().length).toBeGreaterThan(10);
    expect(dashboardExpressions().every((expression) => metricNamesIn(expression).length > 0)).toBe(
      true,
    );
  });

  it('every metric the alerts and the dashboard read is listed in the README (e2e/api/metrics.test.ts checks /metrics serves them)', () => {
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const missing = [...referencedMetricNames()].filter(
      (name) => !readme.includes(`\`${name.replace(/_(bucket|count|sum)$/, '')}`),
    );
    expect(missing).toEqual([]);
  });

  it("every pod is annotated for scraping; the gateway's metrics port is not in its Service", () => {
    for (const name of deployed) {
      const [service, deployment] = ['Service', 'Deployment'].map((kind) =>
        documents(`${k8s}services/${name}.yaml`).find((doc) => doc.kind === kind)!,
      );
      const annotations = deployment!.spec.template.metadata.annotations;
      expect(annotations['prometheus.io/scrape']).toBe('true');
      expect(annotations['prometheus.io/path']).toBe('/metrics');
      const ports = deployment!.spec.template.spec.containers[0].ports.map(
        (port: { containerPort: number }) => port.containerPort,
      );
      expect(ports).toContain(Number(annotations['prometheus.io/port']));
      if (name === 'gateway') {
        const env = deployment!.spec.template.spec.containers[0].env;
        expect(env).toContainEqual({
          name: 'METRICS_PORT',
          value: annotations['prometheus.io/port'],
        });
        expect(service!.spec.ports.map((port: { port: number }) => port.port)).not.toContain(
          Number(annotations['prometheus.io/port']),
        );
      }
    }
  });

  it('the collector limits its memory first in the pipeline and answers its probes on the health_check extension', () => {
    const [configMap, , deployment] = documents(`${k8s}otel-collector.yaml`);
    const config = parse(configMap!.data['config.yaml']);
    expect(config.service.extensions).toContain('health_check');
    expect(config.service.pipelines.traces.processors[0]).toBe('memory_limiter');
    const port = Number(String(config.extensions.health_check.endpoint).split(':').at(-1));
    const container = deployment!.spec.template.spec.containers[0];
    const healthPort = container.ports.find(
      (entry: { name: string }) => entry.name === container.readinessProbe.httpGet.port,
    ).containerPort;
    expect(healthPort).toBe(port);
    expect(container.livenessProbe.httpGet.port).toBe(container.readinessProbe.httpGet.port);
    expect(container.resources.limits.memory).toBeTruthy();
  });

  it('traces are sampled by parent, then by ratio', () => {
    const data = documents(`${k8s}config.yaml`)[0]!.data;
    expect(data.OTEL_TRACES_SAMPLER).toBe('parentbased_traceidratio');
    expect(Number(data.OTEL_TRACES_SAMPLER_ARG)).toBeGreaterThan(0);
  });
});
