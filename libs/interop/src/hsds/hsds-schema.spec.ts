import { readFileSync } from 'node:fs';
import { HsdsSchemaValidator, type HsdsSchemaName } from './hsds-schema.js';

const validator = new HsdsSchemaValidator();

function example(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`standards/hsds/3.0/examples/${file}.json`, 'utf8')) as Record<string, unknown>;
}

describe('HsdsSchemaValidator', () => {
  it.each<[HsdsSchemaName, string]>([
    ['service', 'service_full'],
    ['location', 'location'],
    ['taxonomy', 'taxonomy'],
    ['taxonomy_term', 'taxonomy_term'],
  ])('accepts the official example of %s (%s.json)', (schema, file) => {
    expect(validator.validate(schema, example(file)).errors).toEqual([]);
  });

  it('accepts the official full organization and service_at_location examples, nested services apart', () => {
    // Those examples follow the compiled schemas, which nest `services` / `service`; the modular schemas do not.
    const { services, ...organization } = example('organization_full');
    expect(validator.validate('organization', organization).errors).toEqual([]);
    for (const service of services as unknown[]) expect(validator.validate('service', service).errors).toEqual([]);
    const { service, ...serviceAtLocation } = example('service_at_location_full');
    expect(validator.validate('service_at_location', serviceAtLocation).errors).toEqual([]);
    expect(validator.validate('service', service).errors).toEqual([]);
  });

  it.each<[HsdsSchemaName, string]>([
    ['compiled/service_list', 'service_list'],
    ['compiled/organization_list', 'organization_list'],
    ['compiled/service_at_location_list', 'service_at_location_list'],
    ['taxonomy', 'taxonomy_list'],
    ['taxonomy_term', 'taxonomy_term_list'],
  ])('accepts every item of the official list example (%s, %s.json)', (schema, file) => {
    const contents = example(file).contents as unknown[];
    expect(contents.length).toBeGreaterThan(0);
    for (const item of contents) expect(validator.validate(schema, item).errors).toEqual([]);
  });

  it('rejects a broken service: missing status, malformed uuid in a nested phone, an unknown field', () => {
    const broken = {
      ...example('service_full'),
      status: undefined,
      phones: [{ id: 'not-a-uuid', number: '052-000-0000' }],
      made_up_field: true,
    };
    delete broken.status;
    const result = validator.validate('service', broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        "/ must have required property 'status'",
        '/phones/0/id must match format "uuid"',
        '/ must NOT have additional properties (made_up_field)',
      ]),
    );
  });

  it('rejects a service status outside the enum and a service area with a wrong type', () => {
    expect(
      validator.validate('service', { id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', name: 'x', status: 'open' }).valid,
    ).toBe(false);
    expect(
      validator.validate('service_area', { id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', extent: 231100 }).valid,
    ).toBe(false);
  });
});
