import { DomainError, ErrorCode } from '@tsunagu/platform';
import { checkFilter } from './check-filter.js';

function badInputOf(run: () => unknown): Record<string, unknown> {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.BAD_USER_INPUT) return error.details;
    throw error;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('checkFilter', () => {
  it('accepts no filter, and a period in order', () => {
    expect(checkFilter(null)).toEqual({ from: null, to: null, area: null });
    const from = new Date('2026-07-01T00:00:00+09:00');
    const to = new Date('2026-08-01T00:00:00+09:00');
    expect(checkFilter({ from, to })).toMatchObject({ from, to });
    expect(checkFilter({ from, to: from })).toMatchObject({ from, to: from });
  });

  it('refuses a reversed period on filter.from', () => {
    const details = badInputOf(() =>
      checkFilter({ from: new Date('2026-08-01T00:00:00Z'), to: new Date('2026-07-01T00:00:00Z') }),
    );
    expect(details).toMatchObject({ field: 'filter.from', reason: 'REVERSED_PERIOD' });
  });

  it('resolves a ward to itself and its city, and a designated city to its wards', () => {
    expect(checkFilter({ municipalityCode: '231100' }).area).toEqual({
      municipalityCodes: ['231100', '231002'],
      prefectureCode: '230006',
    });
    expect(checkFilter({ municipalityCode: '231002' }).area?.municipalityCodes).toContain('231100');
  });

  it('refuses an unknown municipality or a prefecture on filter.municipalityCode', () => {
    expect(badInputOf(() => checkFilter({ municipalityCode: '231101' }))).toMatchObject({
      field: 'filter.municipalityCode',
      reason: 'UNKNOWN_MUNICIPALITY',
    });
    expect(badInputOf(() => checkFilter({ municipalityCode: '230006' }))).toMatchObject({
      field: 'filter.municipalityCode',
    });
  });
});
