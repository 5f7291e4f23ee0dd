/**
 * deploy/kubernetes/: every manifest (multi-document YAML) passes the Kubernetes API's schemas, field types,
 * required fields and unknown fields alike; the Helm values pass the scale set chart's keys and their pod
 * template passes as a core/v1 PodTemplateSpec. Mutated copies fail, so the check can fail. Then what the files
 * must agree on: the device plugin's resource, the claim's name, the tool cache's path, the build's memory.
 */
import { describe, expect, it } from '@jest/globals';
import Ajv from 'ajv';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { memoryHeadroomBytes } from '../../src/bake/admission.js';
import { AUTO_MIN_MEMORY_MIB, chooseVmSize } from '../../src/bake/host-resources.js';
import { numberSpec } from '../../src/bake/option-table.js';
import { schemaProblems, unknownFields, type Problem } from '../support/kubernetes-manifests.js';

const { load, loadAll } = (await import('js-yaml' as string)) as {
  load: (text: string) => unknown;
  loadAll: (text: string) => unknown[];
};

const DIR = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'kubernetes');
const POD_TEMPLATE = { apiVersion: 'v1', kind: 'PodTemplateSpec' };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const read = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const copy = <T>(value: T): T => structuredClone(value);
const yamlFiles = readdirSync(DIR).filter((name) => name.endsWith('.yaml'));
const valuesFiles = yamlFiles.filter((name) => name.endsWith('.values.yaml'));
const manifestFiles = yamlFiles.filter((name) => !name.endsWith('.values.yaml'));
const documents = (name: string): Json[] => loadAll(read(name)).filter((doc) => doc != null) as Json[];
const values = (name: string): Json => load(read(name)) as Json;

const ajv = new Ajv({ allErrors: true });
const valuesSchema = ajv.compile(
  JSON.parse(read('schemas/gha-runner-scale-set-values.schema.json')) as Record<string, unknown>,
);

/** Everything wrong with one Kubernetes object, or with a pod template when `as` says so. */
async function objectProblems(document: Json, as?: typeof POD_TEMPLATE): Promise<Problem[]> {
  const problems = await schemaProblems(document, as);
  return problems.length > 0 ? problems : unknownFields(document, as);
}

/** Everything wrong with a values file: its keys, then its pod template. */
async function valuesProblems(document: Json): Promise<Problem[]> {
  if (!valuesSchema(document)) {
    return (valuesSchema.errors ?? []).map((e) => ({ at: e.dataPath, message: e.message ?? '' }));
  }
  return objectProblems(document.template as Json, POD_TEMPLATE);
}

describe('the manifests in deploy/kubernetes', () => {
  it('are the files the README describes', () => {
    expect(manifestFiles.sort()).toEqual(['kvm-device-plugin.yaml', 'namespace.yaml', 'tool-cache-pvc.yaml']);
    expect(valuesFiles.sort()).toEqual([
      'runner-scale-set-privileged.values.yaml',
      'runner-scale-set.values.yaml',
    ]);
  });

  it.each(manifestFiles)('%s: every document passes the Kubernetes schemas', async (name) => {
    const docs = documents(name);
    expect(docs.length).toBeGreaterThan(0);
    for (const doc of docs) expect(await objectProblems(doc)).toEqual([]);
  });

  it.each(valuesFiles)("%s: the chart's keys, and a valid pod template", async (name) => {
    expect(await valuesProblems(values(name))).toEqual([]);
  });
});

describe('the check fails on a broken copy', () => {
  const daemonSet = documents('kvm-device-plugin.yaml')[0]!;
  const scaleSet = values('runner-scale-set.values.yaml');

  it('a wrong field type', async () => {
    const broken = copy(daemonSet);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'http';
    expect(await objectProblems(broken)).toEqual([
      { at: '/spec/template/spec/containers/0/ports/0/containerPort', message: 'must be integer' },
    ]);
  });

  it('a missing required field', async () => {
    const broken = copy(daemonSet);
    delete broken.spec.selector;
    expect(await objectProblems(broken)).toEqual([
      { at: '/spec', message: 'must have required property selector' },
    ]);
    const nameless = copy(scaleSet);
    delete nameless.template.spec.containers[0].name;
    expect(await valuesProblems(nameless)).toEqual([
      { at: '/spec/containers/0', message: 'must have required property name' },
    ]);
  });

  it('an unknown field, at any depth', async () => {
    const broken = copy(daemonSet);
    broken.spec.template.spec.containers[0].resource = broken.spec.template.spec.containers[0].resources;
    broken.metadata.label = {};
    expect(await objectProblems(broken)).toEqual([
      { at: '/metadata/label', message: 'unknown field' },
      { at: '/spec/template/spec/containers/0/resource', message: 'unknown field' },
    ]);
    const template = copy(scaleSet);
    template.template.spec.volumes[1].hostPath.kind = 'Directory';
    expect(await valuesProblems(template)).toEqual([
      { at: '/spec/volumes/1/hostPath/kind', message: 'unknown field' },
    ]);
  });

  it('a values key the chart does not have, or of the wrong type', async () => {
    expect(await valuesProblems({ ...scaleSet, maxRunner: 3 })).toEqual([
      { at: '', message: 'should NOT have additional properties' },
    ]);
    expect(await valuesProblems({ ...scaleSet, minRunners: '0' })).toEqual([
      { at: '.minRunners', message: 'should be integer' },
    ]);
  });

  it('a kind without a schema', async () => {
    expect(await objectProblems({ ...daemonSet, kind: 'DaemonSett' })).toEqual([
      { at: '', message: 'no schema for apiVersion apps/v1, kind DaemonSett' },
    ]);
  });
});

describe('the files agree', () => {
  const [namespace] = documents('namespace.yaml');
  const [pvc] = documents('tool-cache-pvc.yaml');
  const [daemonSet] = documents('kvm-device-plugin.yaml');
  const pluginArgs: string[] = daemonSet!.spec.template.spec.containers[0].args;
  const device = load(pluginArgs[pluginArgs.indexOf('--device') + 1]!) as Json;
  const kvmResource = `${pluginArgs[pluginArgs.indexOf('--domain') + 1]}/${device.name}`;
  const runner = (name: string): Json =>
    values(name).template.spec.containers.find((c: Json) => c.name === 'runner');

  it('the device plugin offers /dev/kvm once per node, and the runner asks for it', () => {
    expect(device.groups).toEqual([{ count: 1, paths: [{ path: '/dev/kvm' }] }]);
    expect(runner('runner-scale-set.values.yaml').resources.limits[kvmResource]).toBe('1');
  });

  it('the claim is in the namespace and is the one the privileged variant mounts', () => {
    expect(pvc!.metadata.namespace).toBe(namespace!.metadata.name);
    const spec = values('runner-scale-set-privileged.values.yaml').template.spec;
    expect(spec.volumes).toContainEqual({
      name: 'tool-cache',
      persistentVolumeClaim: { claimName: pvc!.metadata.name },
    });
    expect(values('runner-scale-set-privileged.values.yaml').maxRunners).toBe(1);
  });

  it.each(valuesFiles)('%s: RUNNER_TOOL_CACHE is the mounted cache, memory fits a default build', (name) => {
    const container = runner(name);
    const toolCache = container.env.find((e: Json) => e.name === 'RUNNER_TOOL_CACHE').value;
    expect(container.volumeMounts).toContainEqual({ name: 'tool-cache', mountPath: toolCache });
    const gib = Number(/^(\d+)Gi$/.exec(container.resources.limits.memory)![1]);
    const cpus = Number(container.resources.requests.cpu);
    // memory and cpus are auto by default: sized from the pod's cgroup limit, which must leave Windows 11
    // its 4 GiB and the pod its headroom.
    const size = chooseVmSize(
      { cpus: numberSpec('cpus').default, memoryMiB: numberSpec('memoryMiB').default },
      { cpus, memoryTotalBytes: gib * 1024 ** 3 },
    );
    expect(size.memoryMiB).toBeGreaterThanOrEqual(AUTO_MIN_MEMORY_MIB);
    // And admission lets it run in the idle pod (its headroom: max(1 GiB, 10 %)).
    const headroomMiB = memoryHeadroomBytes(gib * 1024 ** 3) / 1024 ** 2;
    expect(gib * 1024).toBeGreaterThanOrEqual(size.memoryMiB + headroomMiB);
    expect(size.cpus).toBeGreaterThanOrEqual(2);
  });
});
