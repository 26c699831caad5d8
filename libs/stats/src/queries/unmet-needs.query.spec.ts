import { unmetNeedsQuery, UNMET_NEED_REASONS } from './unmet-needs.query.js';

describe('unmetNeedsQuery', () => {
  const base = {
    from: null,
    to: null,
    recipientAgencyId: null,
    sector: null,
    urgency: null,
    municipalityCodes: null,
    minCell: 3,
  };

  it('counts only declines for want of a resource', () => {
    expect(UNMET_NEED_REASONS).toEqual(['SERVICE_NOT_AVAILABLE', 'NO_CAPACITY', 'OUT_OF_AREA']);
    expect(unmetNeedsQuery(base).sql).toContain(
      `r.decline_reason IN ('SERVICE_NOT_AVAILABLE', 'NO_CAPACITY', 'OUT_OF_AREA')`,
    );
  });

  it('drops cells with fewer distinct people than the minimum, inside the database', () => {
    const query = unmetNeedsQuery({ ...base, minCell: 5 });
    expect(query.params[0]).toBe(5);
    expect(query.sql).toContain('HAVING count(DISTINCT person_id) >= $1');
  });

  it('filters by the person’s municipality codes and the recipient', () => {
    const query = unmetNeedsQuery({
      ...base,
      recipientAgencyId: '11111111-1111-4111-8111-111111111111',
      municipalityCodes: ['231100', '231002'],
    });
    expect(query.params).toEqual([3, '11111111-1111-4111-8111-111111111111', ['231100', '231002']]);
    expect(query.sql).toContain('r.to_agency_id = $2');
    expect(query.sql).toContain('p.municipality_code = ANY($3::char(6)[])');
  });
});
