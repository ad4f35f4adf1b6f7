import { readFile } from 'node:fs/promises';
import { Ajv, type SchemaValidateFunction } from 'ajv';
import { ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { DeploymentStrategy } from 'kubernetes-models/apps/v1/DeploymentStrategy';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Affinity } from 'kubernetes-models/v1/Affinity';
import { Container } from 'kubernetes-models/v1/Container';
import { EnvVar } from 'kubernetes-models/v1/EnvVar';
import { LocalObjectReference } from 'kubernetes-models/v1/LocalObjectReference';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { PodSpec } from 'kubernetes-models/v1/PodSpec';
import { Service } from 'kubernetes-models/v1/Service';
import { Toleration } from 'kubernetes-models/v1/Toleration';
import { Volume } from 'kubernetes-models/v1/Volume';

/**
 * Validation of Kubernetes and KServe manifests without a cluster. Kubernetes' own kinds go through the npm
 * package kubernetes-models, whose validators are compiled from Kubernetes' OpenAPI schema (types, required
 * fields, enums and formats; like that schema, they do not refuse unknown field names). KServe's kinds go
 * through fixtures/kserve/serving.kserve.io.schema.json (see its README) with ajv, embedded Kubernetes types
 * again through kubernetes-models.
 */

type ModelClass = new (data: never) => { validate(): void };

const kinds: Readonly<Record<string, ModelClass>> = {
  'apps/v1 Deployment': Deployment,
  'v1 Service': Service,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'autoscaling/v2 HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1 PodDisruptionBudget': PodDisruptionBudget,
  'batch/v1 Job': Job,
};

const embedded: Readonly<Record<string, ModelClass>> = {
  'v1/Container': Container,
  'v1/PodSpec': PodSpec,
  'v1/Volume': Volume,
  'v1/Affinity': Affinity,
  'v1/Toleration': Toleration,
  'v1/EnvVar': EnvVar,
  'v1/LocalObjectReference': LocalObjectReference,
  'meta/v1/ObjectMeta': ObjectMeta,
  'apps/v1/DeploymentStrategy': DeploymentStrategy,
};

/** The problems of one value as the model class sees them ([] when valid). */
function modelProblems(type: string, data: unknown): string[] {
  const model = embedded[type];
  if (!model) return [`the validator knows no Kubernetes type ${type}`];
  try {
    new model(data as never).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

const kserveSchema = JSON.parse(await readFile(new URL('../../fixtures/kserve/serving.kserve.io.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });

/** An ajv keyword whose check returns its problems as messages. */
function keyword(name: string, check: (value: any, data: unknown, parentSchema: any) => string[]): SchemaValidateFunction {
  const validate: SchemaValidateFunction = (value, data, parentSchema) => {
    const problems = check(value, data, parentSchema);
    validate.errors = problems.map((message) => ({ keyword: name, message, params: {} }));
    return problems.length === 0;
  };
  return validate;
}

ajv.addKeyword({ keyword: 'x-kubernetes-model', schemaType: 'string', errors: true, validate: keyword('x-kubernetes-model', (type: string, data) => modelProblems(type, data).map((message) => `as ${type}: ${message}`)) });

// Go's inline embedding: the keys that are not KServe's belong to the embedded Kubernetes type.
ajv.addKeyword({
  keyword: 'x-kubernetes-inline',
  schemaType: 'object',
  errors: true,
  validate: keyword('x-kubernetes-inline', (inline: { model: string; fields: string[]; defaults?: Record<string, unknown> }, data, parentSchema: { properties?: Record<string, unknown> }) => {
    if (typeof data !== 'object' || data === null) return [];
    const own = new Set(Object.keys(parentSchema?.properties ?? {}));
    const rest = Object.fromEntries(Object.entries(data).filter(([key]) => !own.has(key)));
    const unknown = Object.keys(rest).filter((key) => !inline.fields.includes(key));
    return [...unknown.map((key) => `unknown field "${key}" (neither KServe's nor ${inline.model}'s)`), ...modelProblems(inline.model, { ...inline.defaults, ...rest })];
  }),
});
ajv.addSchema(kserveSchema, 'kserve');

const kserveKinds: Readonly<Record<string, string>> = {
  'serving.kserve.io/v1alpha1 ServingRuntime': 'kserve#/definitions/ServingRuntime',
  'serving.kserve.io/v1beta1 InferenceService': 'kserve#/definitions/InferenceService',
};

/** Every problem of one manifest document, or [] when it is valid; `where` names it in the messages. */
export function manifestProblems(document: { apiVersion?: unknown; kind?: unknown }, where: string): string[] {
  const kind = `${String(document.apiVersion)} ${String(document.kind)}`;
  const model = kinds[kind];
  if (model) {
    try {
      new model(document as never).validate();
      return [];
    } catch (error) {
      return [`${where} (${kind}): ${(error as Error).message}`];
    }
  }
  const schema = kserveKinds[kind];
  if (!schema) return [`${where}: no schema for ${kind}`];
  const validate = ajv.getSchema(schema)!;
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${where} (${kind}) ${error.instancePath || '/'}: ${error.message}`);
}
