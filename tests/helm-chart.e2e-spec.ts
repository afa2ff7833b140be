import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { QUEUES, SERVICE_NAMES } from '@orgo/contracts';
import {
  PrometheusRule,
  ServiceMonitor,
} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import Ajv from 'ajv';
import { dump, load, loadAll } from 'js-yaml';
// The root index, for apps/v1: a path with `apps/` in it reads as an app import to the boundary lint.
import { apps } from 'kubernetes-models';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';

// The Helm chart (helm/orgo), rendered for real: tools/helm-template is a small `helm template` in Go
// (no Helm on these machines), built and run by scripts/render-chart.js. Every rendered object is
// checked against the Kubernetes (and CRD) schemas, every values file against values.schema.json,
// and k8s/ against a fresh render of the default values.

const ROOT = path.join(__dirname, '..');
const CHART = path.join(ROOT, 'helm', 'orgo');
const SCRIPT = path.join(ROOT, 'scripts', 'render-chart.js');
const PRESETS = ['values-small.yaml', 'values-school-district.yaml', 'values-hospital-network.yaml'];
const GO_PACKAGES = ['golang-go', 'golang-github-masterminds-sprig-dev', 'golang-k8s-sigs-yaml-dev'];
const NEEDED = [
  '/usr/bin/go',
  '/usr/share/gocode/src/github.com/Masterminds/sprig',
  '/usr/share/gocode/src/sigs.k8s.io/yaml',
];

type Model = new (data: any) => { validate(): void };
/** apiVersion/kind → its schema; a kind the chart renders that is missing here fails the test. */
const MODELS: Record<string, Model> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': apps.v1.Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** Installs Debian's Go and the Go libraries the renderer needs (as root with apt-get), or says exactly what to do. */
function ensureGo(): void {
  if (NEEDED.every((p) => fs.existsSync(p))) return;
  const how = `apt-get update && apt-get install -y ${GO_PACKAGES.join(' ')}`;
  if (process.getuid?.() !== 0 || !fs.existsSync('/usr/bin/apt-get'))
    throw new Error(
      `The chart test builds tools/helm-template with Debian's Go, which is missing. Install it: ${how}`,
    );
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...GO_PACKAGES]]) {
    const result = spawnSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0)
      throw new Error(
        `The chart test needs Go, and 'apt-get ${args.join(' ')}' failed (exit ${result.status}). Install it by hand: ${how}`,
      );
  }
}

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

let tmp: string;
const renders = new Map<string, K8sObject[]>();

function script(args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** A values file in the test's folder, for `-f`. */
function valuesFile(name: string, values: object): string {
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(file, dump(values));
  return file;
}

function render(files: string[]): K8sObject[] {
  const run = script(['--stdout', ...files.flatMap((f) => ['-f', f])]);
  if (run.status !== 0) throw new Error(`render-chart.js failed: ${run.stderr}`);
  return (loadAll(run.stdout) as (K8sObject | null)[]).filter((o): o is K8sObject => o !== null);
}

const named = (objects: K8sObject[], kind: string, service: string) =>
  objects.find((o) => o.kind === kind && o.metadata.labels?.['app.kubernetes.io/component'] === service);
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const selects = (selector: Record<string, string> | undefined, labels: Record<string, string>) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);

/** `helm -f` merging (maps merge, other values replace, null deletes), as scripts/render-chart.js does. */
function merge(a: any, b: any): any {
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const out = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    if (v === null) delete out[k];
    else out[k] = isMap(v) && isMap(out[k]) ? merge(out[k], v) : v;
  }
  return out;
}
const readYaml = (file: string) => load(fs.readFileSync(file, 'utf8')) as any;

beforeAll(() => {
  ensureGo();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'orgo-helm-'));
  const variants: Record<string, string[]> = {
    default: [],
    ...Object.fromEntries(PRESETS.map((p) => [p, [path.join(CHART, p)]])),
    keda: [valuesFile('keda', { autoscaling: { mode: 'keda' }, orgo: { rabbitmqNamespace: 'staging' } })],
    adapter: [valuesFile('adapter', { autoscaling: { mode: 'prometheus-adapter' } })],
    existingSecret: [
      valuesFile('existing', { secrets: { existingSecret: 'orgo-managed' }, autoscaling: { mode: 'keda' } }),
    ],
    everything: [
      valuesFile('everything', {
        ingress: {
          enabled: true,
          className: 'nginx',
          tls: [{ hosts: ['orgo.example.org'], secretName: 'orgo-tls' }],
        },
        metrics: { serviceMonitor: { enabled: true }, prometheusRule: { enabled: true } },
        networkPolicy: {
          metricsFrom: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
          ],
        },
        secrets: {
          jwtSecret: 'x'.repeat(40),
          adminEmail: 'admin@example.org',
          extra: { ORGO_NOTIFIER_SECRET_SMTP_RELAY: 'pw' },
        },
        config: { files: { 'organizations/acme/organization.yaml': 'metadata: { version: "1.0" }\n' } },
      }),
    ],
  };
  for (const [name, files] of Object.entries(variants)) renders.set(name, render(files));
}, 60_000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('values.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const defaults = readYaml(path.join(CHART, 'values.yaml'));

  it('accepts values.yaml and each preset layered over it', () => {
    expect(validate(defaults) ? [] : validate.errors).toEqual([]);
    for (const preset of PRESETS) {
      const values = merge(defaults, readYaml(path.join(CHART, preset)));
      expect({ preset, errors: validate(values) ? [] : validate.errors }).toEqual({ preset, errors: [] });
    }
  });

  it('refuses a bad value, and so does the render', () => {
    const bad = { services: { parser: { replicas: 'two' } } };
    expect(validate(merge(defaults, bad))).toBe(false);
    expect(validate.errors).toEqual([
      expect.objectContaining({ instancePath: '/services/parser/replicas', message: 'must be integer' }),
    ]);
    expect(validate(merge(defaults, { autoscaling: { mode: 'sometimes' } }))).toBe(false);
    const run = script(['--stdout', '-f', valuesFile('bad', bad)]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('/services/parser/replicas must be integer');
  });
});

describe('the rendered chart', () => {
  it('renders only objects that the Kubernetes and CRD schemas accept', () => {
    for (const [name, objects] of renders) {
      expect(objects.length).toBeGreaterThan(30);
      for (const object of objects) {
        const Model = MODELS[`${object.apiVersion}/${object.kind}`];
        if (!Model)
          throw new Error(
            `${name}: ${object.apiVersion} ${object.kind} ${object.metadata.name} has no schema in this test`,
          );
        try {
          new Model(object).validate();
        } catch (error) {
          throw new Error(
            `${name}: ${object.kind} ${object.metadata.name} is not valid: ${(error as Error).message}`,
          );
        }
      }
    }
  });

  it('gives each of the eight services a Deployment with probes, a Service, a PodDisruptionBudget and an autoscaler', () => {
    for (const [name, objects] of renders) {
      const keda = ofKind(objects, 'ScaledObject').length > 0;
      for (const service of SERVICE_NAMES) {
        const where = `${name}/${service}`;
        const deployment = named(objects, 'Deployment', service);
        expect({ where, found: Boolean(deployment) }).toEqual({ where, found: true });
        const pod = deployment!.spec.template;
        const container = pod.spec.containers[0];
        // The image's entrypoint is `orgo` (Dockerfile): the chart gives its arguments.
        expect(container.command).toBeUndefined();
        expect(container.args.slice(0, 3)).toEqual(['start', '--service', service]);
        expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(container.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(container.ports).toEqual([
          expect.objectContaining({
            name: 'http',
            containerPort: Number(container.args[container.args.indexOf('--port') + 1]),
          }),
        ]);
        expect(container.securityContext).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
        });
        expect(pod.spec.securityContext).toMatchObject({ runAsNonRoot: true });
        expect(container.resources.requests.cpu).toBeDefined();
        expect(named(objects, 'Service', service)?.spec.selector).toEqual(
          deployment!.spec.selector.matchLabels,
        );
        expect(
          selects(
            named(objects, 'PodDisruptionBudget', service)?.spec.selector.matchLabels,
            pod.metadata.labels,
          ),
        ).toBe(true);
        const target = deployment!.metadata.name;
        const hpa = ofKind(objects, 'HorizontalPodAutoscaler').find(
          (h) => h.spec.scaleTargetRef.name === target,
        );
        const scaled = ofKind(objects, 'ScaledObject').find((s) => s.spec.scaleTargetRef.name === target);
        // With KEDA on, KEDA owns the HPA: the chart renders a ScaledObject and no HPA of its own.
        expect({ where, hpa: Boolean(hpa), scaledObject: Boolean(scaled) }).toEqual({
          where,
          hpa: !keda,
          scaledObject: keda,
        });
      }
    }
  });

  it('scales on queue depth through KEDA: a ScaledObject per service on its RabbitMQ queue', () => {
    const objects = renders.get('keda')!;
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objects, 'ScaledObject')).toHaveLength(SERVICE_NAMES.length);
    const [auth] = ofKind(objects, 'TriggerAuthentication');
    expect(auth.spec.secretTargetRef).toEqual([
      { parameter: 'host', name: 'orgo-credentials', key: 'ORGO_RABBITMQ__URL' },
    ]);
    for (const service of SERVICE_NAMES) {
      const queue = Object.values(QUEUES).find((q) => q === `orgo.${service}`);
      const triggers = named(objects, 'ScaledObject', service)!.spec.triggers;
      const rabbit = triggers.find((t: any) => t.type === 'rabbitmq');
      if (!queue) expect(rabbit).toBeUndefined();
      else {
        expect(rabbit.metadata).toMatchObject({ queueName: `staging.${queue}`, mode: 'QueueLength' });
        expect(rabbit.authenticationRef).toEqual({ name: auth.metadata.name });
      }
      expect(triggers).toContainEqual(expect.objectContaining({ type: 'cpu', metricType: 'Utilization' }));
    }
    const env = named(objects, 'Deployment', 'parser')!.spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'ORGO_RABBITMQ__NAMESPACE', value: 'staging' });
  });

  it('scales on queue depth through the Prometheus adapter: External-metric HPAs on each queue', () => {
    const objects = renders.get('adapter')!;
    for (const queue of Object.values(QUEUES)) {
      const service = queue.replace(/^orgo\./, '');
      const external = named(objects, 'HorizontalPodAutoscaler', service)!.spec.metrics.find(
        (m: any) => m.type === 'External',
      );
      expect(external?.external.metric).toEqual({
        name: 'rabbitmq_queue_messages_ready',
        selector: { matchLabels: { queue } },
      });
    }
    for (const gateway of ['email-gateway', 'api-gateway']) {
      expect(
        named(objects, 'HorizontalPodAutoscaler', gateway)!.spec.metrics.map((m: any) => m.type),
      ).toEqual(['Resource']);
    }
  });

  it('lets only the api-gateway be reached from outside the release', () => {
    for (const [name, objects] of renders) {
      const policies = ofKind(objects, 'NetworkPolicy');
      for (const service of SERVICE_NAMES) {
        const labels = named(objects, 'Deployment', service)!.spec.template.metadata.labels;
        const mine = policies.filter(
          (p) => selects(p.spec.podSelector.matchLabels, labels) && p.spec.policyTypes.includes('Ingress'),
        );
        expect(mine.length).toBeGreaterThan(0);
        const sources = mine.flatMap((p) => (p.spec.ingress ?? []).map((rule: any) => rule.from));
        const fromAnywhere = sources.some((from) => !from || from.length === 0);
        expect({ name, service, fromAnywhere }).toEqual({
          name,
          service,
          fromAnywhere: service === 'api-gateway',
        });
        if (service === 'api-gateway') continue;
        for (const peer of sources.flat()) {
          const ownPods =
            peer.podSelector?.matchLabels?.['app.kubernetes.io/instance'] === 'orgo' &&
            !peer.namespaceSelector &&
            !peer.ipBlock;
          // The one other source is who scrapes /metrics, and only where the values name it.
          const scraper =
            name === 'everything' &&
            peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring';
          expect({ name, service, peer, allowed: ownPods || scraper }).toEqual({
            name,
            service,
            peer,
            allowed: true,
          });
        }
      }
    }
  });

  it('renders no Secret when existingSecret names one, and every consumer uses that one', () => {
    const objects = renders.get('existingSecret')!;
    expect(ofKind(objects, 'Secret')).toEqual([]);
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(deployment.spec.template.spec.containers[0].envFrom).toEqual([
        { secretRef: { name: 'orgo-managed' } },
      ]);
    }
    expect(ofKind(objects, 'Job')[0].spec.template.spec.containers[0].envFrom).toEqual([
      { secretRef: { name: 'orgo-managed' } },
    ]);
    expect(ofKind(objects, 'TriggerAuthentication')[0].spec.secretTargetRef[0].name).toBe('orgo-managed');
    const [secret] = ofKind(renders.get('default')!, 'Secret');
    expect(Object.keys(secret.stringData!)).toEqual([
      'ORGO_POSTGRES__URL',
      'ORGO_RABBITMQ__URL',
      'ORGO_REDIS__URL',
    ]);
    const full = ofKind(renders.get('everything')!, 'Secret')[0].stringData!;
    expect(full).toMatchObject({
      ORGO_JWT_SECRET: 'x'.repeat(40),
      ORGO_ADMIN_EMAIL: 'admin@example.org',
      ORGO_NOTIFIER_SECRET_SMTP_RELAY: 'pw',
    });
  });

  it('runs `orgo migrate --distributed` as a pre-install/pre-upgrade hook after the Secret and the configuration', () => {
    const objects = renders.get('default')!;
    const [job] = ofKind(objects, 'Job');
    expect(job.spec.template.spec.containers[0].args.slice(0, 2)).toEqual(['migrate', '--distributed']);
    expect(job.metadata.annotations).toMatchObject({
      'helm.sh/hook': 'pre-install,pre-upgrade',
      'helm.sh/hook-weight': '0',
    });
    for (const needed of [
      ofKind(objects, 'Secret')[0],
      objects.find((o) => o.metadata.name === 'orgo-config')!,
    ]) {
      expect(Number(needed.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(0);
    }
  });

  it('mounts the organization configuration, and ships the alert rules and the Grafana dashboard unchanged', () => {
    const objects = renders.get('everything')!;
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'orgo-config')!;
    const volume = named(objects, 'Deployment', 'parser')!.spec.template.spec.volumes.find(
      (v: any) => v.name === 'config',
    );
    const paths = Object.fromEntries(volume.configMap.items.map((i: any) => [i.path, config.data![i.key]]));
    expect(paths['global/base_config.yaml']).toBe(
      fs.readFileSync(path.join(ROOT, 'config', 'global', 'base_config.yaml'), 'utf8'),
    );
    expect(paths['organizations/acme/organization.yaml']).toContain('metadata');
    expect(Object.keys(paths).some((p) => p.startsWith('security/') || p.includes('/samples/'))).toBe(false);
    const rule = ofKind(objects, 'PrometheusRule')[0];
    expect(rule.spec).toEqual(readYaml(path.join(CHART, 'files', 'alert-rules.yaml')));
    const dashboard = objects.find((o) => o.metadata.labels?.grafana_dashboard === '1')!;
    expect(JSON.parse(dashboard.data!['orgo.json'])).toEqual(
      JSON.parse(fs.readFileSync(path.join(CHART, 'files', 'grafana-dashboard.json'), 'utf8')),
    );
    expect(ofKind(objects, 'ServiceMonitor')[0].spec.endpoints).toEqual([
      expect.objectContaining({ port: 'http', path: '/metrics' }),
    ]);
    expect(ofKind(objects, 'Ingress')[0].spec.rules[0].http.paths[0].backend.service.name).toBe(
      'orgo-api-gateway',
    );
  });

  it('keeps k8s/ and helm/orgo/files/config/ equal to a fresh render and to config/', () => {
    const run = script(['--check']);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
