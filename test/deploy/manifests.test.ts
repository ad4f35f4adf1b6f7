import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { inferCommand } from '../../src/cli/commands/infer.ts';
import { serveCommand } from '../../src/cli/commands/serve.ts';
import { parseShard } from '../../src/runtime-node/infer/shard.ts';
import { handlerArguments } from '../helpers/handler-arguments.ts';
import { manifestProblems } from './kubernetes-validator.ts';

/**
 * Every manifest in deploy/ is valid against the Kubernetes and KServe schemas (no cluster is run), the
 * manifests agree with each other (selectors, ports, names, shard counts), and the commands they start are
 * ones ftd's own CLI parser accepts.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const deploy = join(root, 'deploy');

async function yamlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.yaml')).map((entry) => join(entry.parentPath, entry.name)).sort();
}

const documents: Array<{ file: string; doc: any }> = [];
for (const file of await yamlFiles(deploy)) {
  for (const parsed of parseAllDocuments(await readFile(file, 'utf8'), { uniqueKeys: true, strict: true })) {
    if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors.map((e) => e.message).join('; ')}`);
    documents.push({ file: relative(root, file), doc: parsed.toJS() });
  }
}
const find = (kind: string, name: string) => documents.find(({ doc }) => doc.kind === kind && doc.metadata?.name === name)?.doc;

describe('deploy/ manifests against the schemas', () => {
  it('finds the Deployment, Service, HPA, PDB, PVCs, Indexed Job and both KServe runtimes and services', () => {
    expect(documents.map(({ doc }) => `${doc.kind}/${doc.metadata.name}`).sort()).toEqual(
      [
        'Deployment/ftd-serve',
        'HorizontalPodAutoscaler/ftd-serve',
        'InferenceService/ftd-detector',
        'InferenceService/ftd-detector-triton',
        'Job/ftd-score',
        'PersistentVolumeClaim/ftd-data',
        'PersistentVolumeClaim/ftd-models',
        'PodDisruptionBudget/ftd-serve',
        'Service/ftd-serve',
        'ServingRuntime/ftd-serve',
        'ServingRuntime/ftd-triton',
      ].sort(),
    );
  });

  it('every document validates (Kubernetes kinds with kubernetes-models, KServe kinds with the vendored CRD excerpt)', () => {
    expect(documents.flatMap(({ file, doc }) => manifestProblems(doc, file))).toEqual([]);
  });

  it('the validators refuse what a cluster would: wrong types, KServe fields that do not exist, bad embedded containers', () => {
    const deployment = structuredClone(find('Deployment', 'ftd-serve'));
    deployment.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(manifestProblems(deployment, 'bad')).toEqual([expect.stringMatching(/containerPort must be integer/)]);
    const runtime = structuredClone(find('ServingRuntime', 'ftd-serve'));
    runtime.spec.supportedModelFormat = runtime.spec.supportedModelFormats;
    runtime.spec.containers[0].resources = { limits: 'lots' };
    const problems = manifestProblems(runtime, 'bad').join('\n');
    expect(problems).toMatch(/must NOT have additional properties/);
    expect(problems).toMatch(/as v1\/Container: .*resources\/limits must be object/);
    const service = structuredClone(find('InferenceService', 'ftd-detector'));
    service.spec.predictor.model.storageURI = service.spec.predictor.model.storageUri;
    service.spec.predictor.scaleMetric = 'gpu';
    const serviceProblems = manifestProblems(service, 'bad').join('\n');
    expect(serviceProblems).toMatch(/unknown field "storageURI" \(neither KServe's nor v1\/Container's\)/);
    expect(serviceProblems).toMatch(/scaleMetric: must be equal to one of the allowed values/);
  });
});

describe('deploy/ manifests agree with each other and with ftd', () => {
  it('the Deployment: probes on the OIP health routes, a grace period covering the drain, scrape annotations, non-root', async () => {
    const deployment = find('Deployment', 'ftd-serve');
    const pod = deployment.spec.template;
    expect(deployment.spec.selector.matchLabels).toEqual(pod.metadata.labels);
    const container = pod.spec.containers[0];
    const argv = await handlerArguments(serveCommand, container.args);
    expect([argv.host, argv.port]).toEqual(['0.0.0.0', 8080]);
    expect(container.ports[0]).toMatchObject({ name: 'http', containerPort: argv.port });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/v2/health/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/v2/health/live', port: 'http' });
    expect(pod.spec.terminationGracePeriodSeconds).toBeGreaterThan(container.lifecycle.preStop.sleep.seconds + argv['timeout-ms'] / 1000);
    expect(pod.metadata.annotations).toEqual({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(argv.port), 'prometheus.io/path': '/metrics' });
    expect(container.resources.requests.cpu).toBeDefined();
    expect(container.resources.limits.memory).toBeDefined();
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.volumeMounts.find((mount: { name: string }) => mount.name === 'models').mountPath).toBe(argv.model);
  });

  it('the Service, HPA and PDB point at the Deployment', () => {
    const labels = find('Deployment', 'ftd-serve').spec.template.metadata.labels;
    expect(find('Service', 'ftd-serve').spec.selector).toEqual(labels);
    expect(find('Service', 'ftd-serve').spec.ports[0].targetPort).toBe('http');
    expect(find('HorizontalPodAutoscaler', 'ftd-serve').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ftd-serve' });
    expect(find('PodDisruptionBudget', 'ftd-serve').spec.selector.matchLabels).toEqual(labels);
  });

  it('the Indexed Job runs one ftd infer shard per completion index, each with its own resumable --out', async () => {
    const job = find('Job', 'ftd-score');
    expect(job.spec.completionMode).toBe('Indexed');
    const container = job.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } });
    for (let index = 0; index < job.spec.completions; index++) {
      const args = container.args.map((arg: string) => arg.replaceAll('$(JOB_COMPLETION_INDEX)', String(index)));
      const argv = await handlerArguments(inferCommand, args);
      expect(parseShard(argv.shard)).toEqual({ index, count: job.spec.completions });
      expect(argv.out).toBe(`/data/scores/shard-${index}.jsonl`);
    }
    expect(job.spec.template.spec.restartPolicy).toBe('OnFailure');
  });

  it('each InferenceService names a runtime that serves its model format over its protocol', async () => {
    for (const name of ['ftd-detector', 'ftd-detector-triton']) {
      const { model } = find('InferenceService', name).spec.predictor;
      const runtime = find('ServingRuntime', model.runtime);
      expect(runtime, model.runtime).toBeDefined();
      expect(runtime.spec.supportedModelFormats.map((format: { name: string }) => format.name)).toContain(model.modelFormat.name);
      expect(runtime.spec.protocolVersions).toContain(model.protocolVersion);
      expect(runtime.spec.containers[0].name).toBe('kserve-container');
    }
    const ftdRuntime = find('ServingRuntime', 'ftd-serve').spec.containers[0];
    const argv = await handlerArguments(serveCommand, ftdRuntime.args);
    expect([argv.model, argv['model-name'], argv.port]).toEqual(['/mnt/models', '{{.Name}}', 8080]);
    expect(ftdRuntime.readinessProbe.httpGet.path).toBe('/v2/health/ready');
  });

  it('the container build file: Node 20 slim, npm ci --omit=dev, non-root, tini then node bin/ftd.mjs, files it copies exist', async () => {
    const dockerfile = await readFile(join(deploy, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20-[a-z]+-slim$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev /m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "bin\/ftd\.mjs"\]$/m);
    const copies = [...dockerfile.matchAll(/^COPY (.+) \S+$/gm)].flatMap((match) => match[1]!.split(' '));
    expect(copies.length).toBeGreaterThan(3);
    for (const source of copies) expect(existsSync(join(root, source)), source).toBe(true);
    const command = JSON.parse(/^CMD (.+)$/m.exec(dockerfile)![1]!) as string[];
    const argv = await handlerArguments(serveCommand, command);
    expect(argv.model).toBe(find('Deployment', 'ftd-serve').spec.template.spec.containers[0].volumeMounts[0].mountPath);
  });
});
