/**
 * Validates HSDS 3.0 objects against the official schemas kept in standards/hsds/3.0/schema (SOURCE.md there).
 *
 * The modular files (`service.json`, `phone.json`, …) declare no `$schema` and refer to each other by file name
 * (`"$ref": "phone.json"`); each is loaded under an `$id` ending in its file name, so the relative references
 * resolve as they do upstream. Like the upstream CI (`--strict`), every object schema gets
 * `additionalProperties: false`, so a misspelt or invented field fails too. Used by the tests; not part of the
 * API's runtime (ajv is a development dependency).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const HSDS_SCHEMA_BASE = 'https://schemas.tsunagu.invalid/hsds/3.0/schema/';

export type HsdsSchemaName =
  | 'organization'
  | 'service'
  | 'location'
  | 'service_area'
  | 'service_at_location'
  | 'phone'
  | 'contact'
  | 'attribute'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'address'
  | 'compiled/service_list'
  | 'compiled/organization_list'
  | 'compiled/service_at_location_list';

export interface HsdsValidationResult {
  valid: boolean;
  /** `instancePath message` per error, e.g. `/service_areas/0/id must match format "uuid"`. */
  errors: string[];
}

type JsonSchema = Record<string, unknown>;

/** Adds `additionalProperties: false` to every schema object that lists `properties`, in place. */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(closeObjects);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const schema = node as JsonSchema;
  if (schema.properties && typeof schema.properties === 'object' && schema.additionalProperties === undefined) {
    schema.additionalProperties = false;
  }
  for (const value of Object.values(schema)) closeObjects(value);
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty;
    return `${error.instancePath || '/'} ${error.message ?? error.keyword}${extra ? ` (${extra})` : ''}`;
  });
}

export class HsdsSchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<HsdsSchemaName, ValidateFunction>();

  /** `schemaDir` defaults to standards/hsds/3.0/schema of the working directory (the repository root). */
  constructor(schemaDir: string = resolve(process.cwd(), 'standards/hsds/3.0/schema')) {
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    const load = (file: string, id: string) => {
      const schema = JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as JsonSchema;
      delete schema.$schema;
      closeObjects(schema);
      this.ajv.addSchema({ ...schema, $id: `${HSDS_SCHEMA_BASE}${id}` });
    };
    for (const file of readdirSync(schemaDir)) {
      if (file.endsWith('.json') && file !== 'openapi.json') load(file, file);
    }
    for (const file of readdirSync(join(schemaDir, 'compiled'))) {
      if (file.endsWith('.json') && file !== 'tabular.json') load(join('compiled', file), `compiled/${file}`);
    }
  }

  validate(name: HsdsSchemaName, value: unknown): HsdsValidationResult {
    let validate = this.compiled.get(name);
    if (!validate) {
      const found = this.ajv.getSchema(`${HSDS_SCHEMA_BASE}${name}.json`);
      if (!found) throw new Error(`No HSDS schema ${name}`);
      validate = found;
      this.compiled.set(name, validate);
    }
    const valid = validate(value);
    return { valid, errors: valid ? [] : describe(validate.errors) };
  }
}
