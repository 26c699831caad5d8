/**
 * Validation of emitted resources against the official FHIR R4 JSON Schema (standards/fhir-r4), for the tests.
 * Not exported by the library: ajv is a development dependency.
 *
 * The official schema has two known gaps (standards/fhir-r4/SOURCE.md), closed here in memory:
 * - complex types have `properties` but no `type: object`, so a string passes where a Reference belongs;
 * - primitive 1..1 elements are not `required`: `REQUIRED_PRIMITIVES` lists the ones our resources carry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const draft06 = createRequire(import.meta.url)('ajv/dist/refs/json-schema-draft-06.json') as object;
const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

/** Primitive 1..1 elements the schema does not require, per resource type. */
export const REQUIRED_PRIMITIVES: Record<string, readonly string[]> = {
  Task: ['status', 'intent'],
  ServiceRequest: ['status', 'intent', 'subject'],
  Consent: ['status', 'scope', 'category'],
  Bundle: ['type'],
};

export interface FhirValidationResult {
  valid: boolean;
  errors: string[];
}

export type FhirValidator = (resource: unknown) => FhirValidationResult;

type SchemaNode = { properties?: unknown; type?: unknown } & Record<string, unknown>;

/** Reads and compiles the schema (slow: once per test file). */
export function createFhirValidator(schemaPath: string): FhirValidator {
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
    id?: string;
    $schema?: string;
    definitions: Record<string, SchemaNode>;
  } & Record<string, unknown>;
  delete schema.id;
  schema.$id = SCHEMA_ID;
  for (const definition of Object.values(schema.definitions)) {
    if (definition.properties && definition.type === undefined) definition.type = 'object';
  }
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  (addFormats as unknown as (instance: Ajv) => Ajv)(ajv);
  ajv.addSchema(schema);
  const root = ajv.getSchema(SCHEMA_ID) as ValidateFunction;
  const definitions = new Set(Object.keys(schema.definitions));
  return (resource: unknown) => {
    // The top level is a `oneOf` over every resource type, whose errors are noise: a known resource type is
    // checked against its own definition (the `resourceType` constant of which still has to match).
    const type = (resource as { resourceType?: unknown } | null)?.resourceType;
    const validate =
      typeof type === 'string' && definitions.has(type)
        ? (ajv.getSchema(`${SCHEMA_ID}#/definitions/${type}`) as ValidateFunction)
        : root;
    const errors: string[] = [];
    if (!validate(resource)) errors.push(...describe(validate.errors ?? []));
    errors.push(...missingPrimitives(resource, ''));
    return { valid: errors.length === 0, errors };
  };
}

function describe(errors: ErrorObject[]): string[] {
  return errors
    .slice(0, 20)
    .map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

function missingPrimitives(resource: unknown, path: string): string[] {
  if (!resource || typeof resource !== 'object') return [];
  const record = resource as Record<string, unknown>;
  const type = typeof record.resourceType === 'string' ? record.resourceType : '';
  const missing = (REQUIRED_PRIMITIVES[type] ?? [])
    .filter((element) => record[element] === undefined)
    .map((element) => `${path}/${element} is required (${type}.${element} 1..1)`);
  const entries = Array.isArray(record.entry) ? (record.entry as { resource?: unknown }[]) : [];
  const nested = entries.flatMap((entry, index) =>
    missingPrimitives(entry?.resource, `${path}/entry/${index}/resource`),
  );
  const contained = Array.isArray(record.contained) ? (record.contained as unknown[]) : [];
  return [
    ...missing,
    ...nested,
    ...contained.flatMap((item, index) => missingPrimitives(item, `${path}/contained/${index}`)),
  ];
}
