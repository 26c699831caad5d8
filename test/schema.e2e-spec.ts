import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema, type GraphQLEnumType } from 'graphql';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('schema.gql', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('is the schema the API serves (run `npm run schema` after changing it)', () => {
    const served = `${printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema))}\n`;
    const committed = readFileSync(path.join(import.meta.dirname, '..', 'schema.gql'), 'utf8');
    expect(served).toBe(committed);
  });

  it('keeps the partner contract enums of API.md', () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const values = (name: string) => (schema.getType(name) as GraphQLEnumType).getValues().map((v) => v.name);
    expect(values('Sector')).toEqual(
      [
        'POVERTY',
        'PUBLIC_ASSISTANCE',
        'CHILD_FAMILY',
        'EMPLOYMENT',
        'DISABILITY',
        'ELDER_CARE',
        'PENSION',
        'EDUCATION',
        'CORRECTIONS',
        'HEALTH_INSURANCE',
        'SUICIDE_PREVENTION',
        'YOUTH',
        'AGRICULTURE',
        'DEBT',
        'HOUSING',
        'COMMUNITY_WELFARE',
      ].sort(),
    );
    expect(values('Urgency')).toEqual(['EMERGENCY', 'HIGH', 'LOW', 'NORMAL']);
    expect(values('AreaLevel')).toEqual(['MUNICIPALITY', 'NEIGHBOURHOOD', 'PREFECTURE', 'SCHOOL_DISTRICT']);
  });
});
