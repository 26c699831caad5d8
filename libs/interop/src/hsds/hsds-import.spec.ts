import { AreaLevel, Sector, Urgency } from '@tsunagu/directory';
import { readHsdsImport } from './hsds-import.js';
import {
  agencyToHsds,
  communityResourceToHsds,
  serviceDetail,
  type AgencySource,
  type CommunityResourceSource,
} from './hsds-mapping.js';

const AGENCY: AgencySource = {
  id: '0b6f3d2e-1c4a-4f7e-9a55-3e2d1c0b9a87',
  code: 'NAKAGAWA-JIRITSU',
  name: '中川区自立相談支援センター',
  nameEn: 'Nakagawa self-reliance support centre',
  sector: Sector.POVERTY,
  kind: '自立相談支援機関',
  contactEmail: 'window@example.jp',
  needCategories: ['INCOME', 'HOUSING'],
  acceptingReferrals: false,
  updatedAt: new Date('2026-04-01T09:00:00Z'),
  serviceAreas: [
    {
      id: '5a1e2f3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7',
      level: AreaLevel.SCHOOL_DISTRICT,
      code: '231100-TOMITA_SHO',
      name: '富田小学校区',
    },
    { id: '9c8b7a6f-5e4d-4c3b-a2b1-0f9e8d7c6b5a', level: AreaLevel.PREFECTURE, code: '230006', name: null },
  ],
  responseTargets: [{ urgency: Urgency.HIGH, acknowledgeWithin: 'PT2H', decideWithin: 'PT8H', businessTime: false }],
};

const RESOURCE: CommunityResourceSource = {
  id: '7d2c4b1a-9e8f-4a6b-8c5d-3e2f1a0b9c8d',
  code: 'DEMO-TOMITA-SALON',
  name: '富田ふれあいサロン',
  kind: 'GATHERING_PLACE',
  description: null,
  needCategories: ['DAILY_LIVING', 'HEALTH'],
  municipalityCodes: ['231118', '231100'],
  contact: '052-000-0000',
  status: 'CLOSED',
  closedReason: '会場の閉鎖',
  updatedAt: new Date('2026-04-01T09:00:00Z'),
};

/** The agency as `GET /hsds/organizations/{id}` and `GET /hsds/services/{id}` give it, the service nested. */
function exported(source: AgencySource = AGENCY): Record<string, unknown> {
  const record = agencyToHsds(source);
  const { organization: _organization, ...service } = serviceDetail(record);
  return { ...record.organization, services: [service] };
}

/** A community resource as the export gives it, the service nested. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test edits the nested JSON freely
function exportedResource(source: CommunityResourceSource = RESOURCE): Record<string, any> {
  const record = communityResourceToHsds(source);
  const { organization: _organization, ...service } = serviceDetail(record);
  return { ...record.organization, services: [service] };
}

describe('readHsdsImport', () => {
  it('reads back what the mapping exports: code, sector, kind, needs, areas with level and name, targets', () => {
    const { agencies, problems } = readHsdsImport([exported()]);
    expect(problems).toEqual([]);
    expect(agencies).toHaveLength(1);
    const [agency] = agencies;
    expect(agency).toMatchObject({
      index: 0,
      id: AGENCY.id,
      code: 'NAKAGAWA-JIRITSU',
      name: AGENCY.name,
      nameEn: AGENCY.nameEn,
      sector: 'POVERTY',
      kind: '自立相談支援機関',
      contactEmail: 'window@example.jp',
      needCategories: ['INCOME', 'HOUSING'],
      acceptingReferrals: false,
    });
    expect(agency.serviceAreas.map(({ level, code, name }) => ({ level, code, name }))).toEqual([
      { level: 'SCHOOL_DISTRICT', code: '231100-TOMITA_SHO', name: '富田小学校区' },
      { level: 'PREFECTURE', code: '230006', name: null },
    ]);
    const high = agency.responseTargets.find((target) => target.urgency === Urgency.HIGH);
    expect(high).toEqual({ urgency: 'HIGH', acknowledgeWithin: 'PT2H', decideWithin: 'PT8H', businessTime: false });
    expect(agency.responseTargets.map((target) => target.urgency)).toEqual(['EMERGENCY', 'HIGH', 'NORMAL', 'LOW']);
  });

  it('keeps the own name of a municipality- or prefecture-wide area, and only the export’s form of it', () => {
    const named = exported({
      ...AGENCY,
      serviceAreas: [
        { id: '5a1e2f3b-7c8d-4e9f-a0b1-c2d3e4f5a6b7', level: AreaLevel.MUNICIPALITY, code: '231118', name: '港区' },
        { id: '9c8b7a6f-5e4d-4c3b-a2b1-0f9e8d7c6b5a', level: AreaLevel.PREFECTURE, code: '230006', name: '愛知県' },
      ],
    });
    const [agency] = readHsdsImport([named]).agencies;
    expect(agency.serviceAreas.map(({ level, code, name }) => ({ level, code, name }))).toEqual([
      { level: 'MUNICIPALITY', code: '231118', name: '港区' },
      { level: 'PREFECTURE', code: '230006', name: '愛知県' },
    ]);
    const foreign = exported();
    const [area] = (foreign.services as { service_areas: { name: string }[] }[])[0].service_areas.slice(-1);
    area.name = 'Aichi Prefecture';
    const [plain] = readHsdsImport([foreign]).agencies;
    expect(plain.serviceAreas.find((entry) => entry.level === AreaLevel.PREFECTURE)?.name).toBeNull();
  });

  it('names the paths of the problems and returns no agency for a bad record', () => {
    const broken = exported();
    broken.id = 'x';
    broken.email = 'not an address';
    broken.services = [];
    const { agencies, problems } = readHsdsImport([exported(), broken]);
    expect(agencies.map((agency) => agency.index)).toEqual([0]);
    expect(problems.map((problem) => problem.field)).toEqual(['[1].id', '[1].services']);
  });

  it('refuses two records with the same id, and a body that is not an array', () => {
    expect(readHsdsImport({}).problems).toEqual([{ field: '', message: expect.stringContaining('JSON array') }]);
    expect(readHsdsImport([exported(), exported()]).problems.map((problem) => problem.field)).toEqual([
      '[1].id',
      '[1].organization_identifiers',
    ]);
  });

  it('reads a record marked COMMUNITY_RESOURCE as a resource: code, kind, needs, municipalities, contact, close', () => {
    const { agencies, resources, problems } = readHsdsImport([exported(), exportedResource()]);
    expect(problems).toEqual([]);
    expect(agencies.map((agency) => agency.index)).toEqual([0]);
    expect(resources).toEqual([
      {
        index: 1,
        id: RESOURCE.id,
        code: 'DEMO-TOMITA-SALON',
        input: {
          name: '富田ふれあいサロン',
          kind: 'GATHERING_PLACE',
          // The export writes the kind's label for a resource without a description: read back as none.
          description: null,
          needCategories: ['DAILY_LIVING', 'HEALTH'],
          municipalityCodes: ['231100', '231118'],
          contact: '052-000-0000',
        },
        closedReason: '会場の閉鎖',
      },
    ]);
    const open = readHsdsImport([
      exportedResource({
        ...RESOURCE,
        code: null,
        description: '毎週水曜の集い',
        contact: '民生委員 山田さん',
        status: 'ACTIVE',
        closedReason: null,
      }),
    ]);
    expect(open.problems).toEqual([]);
    expect(open.resources[0]).toMatchObject({
      code: null,
      input: { description: '毎週水曜の集い', contact: '民生委員 山田さん' },
      closedReason: null,
    });
  });

  it('names the paths of a bad resource record and returns no resource for it', () => {
    const bad = exportedResource();
    bad.name = '';
    bad.services[0].status = 'temporarily closed';
    bad.services[0].service_areas[1].extent = '230006';
    bad.services[0].attributes = bad.services[0].attributes.filter(
      (attribute: { taxonomy_term: { taxonomy: string } }) =>
        attribute.taxonomy_term.taxonomy !== 'tsunagu-need-category',
    );
    const defunct = exportedResource();
    delete defunct.services[0].alert;
    const { resources, problems } = readHsdsImport([exportedResource(), bad, defunct]);
    expect(resources.map((resource) => resource.index)).toEqual([0]);
    expect(problems.map((problem) => problem.field)).toEqual([
      '[1].name',
      '[1].services[0].attributes',
      '[1].services[0].service_areas[1].extent',
      '[1].services[0].status',
      '[2].services[0].alert',
    ]);
  });
});
