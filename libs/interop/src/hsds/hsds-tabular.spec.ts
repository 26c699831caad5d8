import { AreaLevel, Sector } from '@tsunagu/directory';
import { strFromU8, unzipSync } from 'fflate';
import { agencyToHsds, communityResourceToHsds } from './hsds-mapping.js';
import { csvField, HSDS_TABLES, parseCsv, tabularRows, tabularZip, toCsv } from './hsds-tabular.js';
import { allTaxonomies, allTaxonomyTerms } from './hsds-taxonomies.js';

const AGENCY = agencyToHsds({
  id: '0b6f3d2e-1c4a-4f7e-9a55-3e2d1c0b9a87',
  code: 'NAKAGAWA-JIRITSU',
  name: '中川区自立相談支援センター',
  nameEn: 'Nakagawa "self-reliance" support, centre',
  sector: Sector.POVERTY,
  kind: '自立相談支援機関',
  contactEmail: 'window@example.jp',
  needCategories: ['INCOME', 'HOUSING'],
  acceptingReferrals: true,
  updatedAt: new Date('2026-04-01T09:00:00Z'),
  serviceAreas: [
    { id: '9c8b7a6f-5e4d-4c3b-a2b1-0f9e8d7c6b5a', level: AreaLevel.PREFECTURE, code: '230006', name: null },
  ],
  responseTargets: [],
});
const RESOURCE = communityResourceToHsds({
  id: '3d0f2a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b',
  code: null,
  name: 'とみた子ども食堂',
  kind: 'FOOD_SUPPORT',
  description: '毎月第2土曜日\n12時から',
  needCategories: ['DAILY_LIVING'],
  municipalityCodes: ['231100'],
  contact: '052-000-0000',
  status: 'ACTIVE',
  closedReason: null,
  updatedAt: new Date('2026-04-02T09:00:00Z'),
});

describe('HSDS tabular form', () => {
  it('quotes a CSV field only when it holds a comma, a quote, a line break or edge spaces, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('中川区')).toBe('中川区');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' lead')).toBe('" lead"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
  });

  it('writes the header and rows in column order with CRLF, and reads them back unchanged', () => {
    const text = toCsv(
      ['id', 'name', 'note'],
      [
        { id: '1', name: 'a,"b"', note: 'x\r\ny' },
        { id: '2', extra: 'ignored' },
      ],
    );
    expect(text).toBe('id,name,note\r\n1,"a,""b""","x\r\ny"\r\n2,,\r\n');
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'a,"b"', 'x\r\ny'],
      ['2', '', ''],
    ]);
  });

  it('splits each record into the rows of its tables, linked by their ids', () => {
    const rows = tabularRows([AGENCY, RESOURCE], allTaxonomies(), allTaxonomyTerms());
    expect(rows.organization.map((row) => (row as { id: string }).id)).toEqual([
      AGENCY.organization.id,
      RESOURCE.organization.id,
    ]);
    expect(rows.service).toHaveLength(2);
    expect(rows.service_area).toHaveLength(2);
    expect(rows.contact).toHaveLength(1);
    expect(rows.phone).toEqual([expect.objectContaining({ number: '052-000-0000', service_id: RESOURCE.service.id })]);
    expect(rows.organization_identifier).toHaveLength(1);
    const attributeCount = [AGENCY, RESOURCE].reduce(
      (sum, { organization, service }) =>
        sum +
        (organization.attributes?.length ?? 0) +
        (service.attributes?.length ?? 0) +
        (service.service_areas ?? []).reduce((n, area) => n + area.attributes.length, 0),
      0,
    );
    expect(rows.attribute).toHaveLength(attributeCount);
    expect(rows.taxonomy_term).toHaveLength(allTaxonomyTerms().length);
  });

  it('zips datapackage.json and one CSV per table whose values read back as the JSON fields', () => {
    const files = unzipSync(tabularZip([AGENCY, RESOURCE], allTaxonomies(), allTaxonomyTerms(), new Date()));
    expect(Object.keys(files).sort()).toEqual(['datapackage.json', ...HSDS_TABLES.map((table) => table.path)].sort());
    const [header, ...organizations] = parseCsv(strFromU8(files['organizations.csv']));
    const column = (name: string) => header.indexOf(name);
    expect(organizations[0][column('alternate_name')]).toBe('Nakagawa "self-reliance" support, centre');
    const [serviceHeader, , resourceService] = parseCsv(strFromU8(files['services.csv']));
    expect(resourceService[serviceHeader.indexOf('description')]).toBe('毎月第2土曜日\n12時から');
    expect(resourceService[serviceHeader.indexOf('organization_id')]).toBe(RESOURCE.organization.id);
  });
});
