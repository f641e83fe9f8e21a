import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const k8s = `${root}deploy/k8s/`;
// The registry is replaced by Kubernetes Services (DISCOVERY=static), so it is not deployed.
const deployed = readdirSync(`${root}services`).filter((name) => name !== 'registry');

function documents(file: string): Array<Record<string, any>> {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS());
}

describe('Kubernetes manifests', () => {
  it('the committed service manifests are what the generator writes', () => {
    const before = deployed.map((name) => readFileSync(`${k8s}services/${name}.yaml`, 'utf8'));
    execFileSync(process.execPath, [`${k8s}generate.mjs`]);
    expect(deployed.map((name) => readFileSync(`${k8s}services/${name}.yaml`, 'utf8'))).toEqual(before);
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
      const deployment = documents(`${k8s}services/${name}.yaml`).find((doc) => doc.kind === 'Deployment')!;
      const pod = deployment.spec.template.spec;
      const container = pod.containers[0];
      expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
      expect(container.livenessProbe.httpGet.path).toBe('/health/live');
      expect(container.resources.limits.memory).toBeTruthy();
      expect(pod.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
      const secrets = container.env.filter((entry: any) => entry.valueFrom?.secretKeyRef).map((entry: any) => entry.valueFrom.secretKeyRef.name);
      expect(new Set(secrets)).toEqual(new Set([name]));
      if (name !== 'gateway') expect(container.env.map((entry: any) => entry.name)).toContain('DATABASE_URL');
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
    const files = readdirSync(k8s, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.yaml'));
    for (const file of files) expect(readFileSync(`${k8s}${file}`, 'utf8'), file).not.toMatch(/DEMO_CATALOG/);
  });

  it('every service with a database applies the bus topology before it starts (initContainer)', () => {
    for (const name of deployed.filter((service) => service !== 'gateway')) {
      const pod = documents(`${k8s}services/${name}.yaml`).find((doc) => doc.kind === 'Deployment')!.spec.template.spec;
      const init = pod.initContainers?.find((container: any) => container.name === 'bus-topology');
      expect(init, name).toBeDefined();
      expect(init.command).toEqual(['node', 'packages/platform/dist/bin/apply-bus-topology.js']);
      expect(init.image).toBe(pod.containers[0].image);
      expect(init.env[0].valueFrom.secretKeyRef).toEqual({ name, key: 'BROKER_URL' });
    }
  });
});
