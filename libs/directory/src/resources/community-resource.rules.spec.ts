import { DomainError } from '@tsunagu/platform';
import { CommunityResourceKind } from './community-resource.entity.js';
import type { CommunityResourceInput } from './community-resource.model.js';
import { ratings, resourceChanges, resourceFields, servingCodes } from './community-resource.rules.js';

const input = (overrides: Partial<CommunityResourceInput> = {}): CommunityResourceInput => ({
  name: '  富田学区見守り隊 ',
  kind: CommunityResourceKind.WATCH_NETWORK,
  needCategories: ['DAILY_LIVING', 'CARE', 'DAILY_LIVING'],
  municipalityCodes: ['231100'],
  ...overrides,
});

function failure(run: () => unknown): { code: string; field: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) {
      return { code: error.code, field: error.details.field, reason: error.details.reason };
    }
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('community resource rules', () => {
  it('normalises a valid input: trimmed name, needs and places once each, empty optional text as null', () => {
    expect(resourceFields(input({ description: ' ', contact: '052-000-0101' }), 'input')).toEqual({
      name: '富田学区見守り隊',
      kind: 'WATCH_NETWORK',
      description: null,
      needCategories: ['DAILY_LIVING', 'CARE'],
      municipalityCodes: ['231100'],
      contact: '052-000-0101',
      ratings: {},
    });
  });

  it('names the path of the first bad need category, municipality, rating or blank name under the given field', () => {
    expect(failure(() => resourceFields(input({ needCategories: ['CARE', 'NOPE'] }), 'input.resource'))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.resource.needCategories.1',
      reason: 'UNKNOWN_NEED_CATEGORY',
    });
    expect(failure(() => resourceFields(input({ needCategories: [] }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.needCategories', reason: 'NEED_CATEGORIES_REQUIRED' }),
    );
    // A prefecture (愛知県) is not a municipality; 231101 fails the check digit.
    expect(failure(() => resourceFields(input({ municipalityCodes: ['231100', '230006'] }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.municipalityCodes.1', reason: 'UNKNOWN_MUNICIPALITY' }),
    );
    expect(failure(() => resourceFields(input({ municipalityCodes: ['231101'] }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.municipalityCodes.0' }),
    );
    expect(failure(() => resourceFields(input({ ratings: { humanity: 4 } }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.ratings.humanity', reason: 'RATING_OUT_OF_RANGE' }),
    );
    expect(failure(() => resourceFields(input({ name: '   ' }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.name', reason: 'BLANK' }),
    );
    expect(failure(() => resourceFields(input({ kind: 'SHOP' as CommunityResourceKind }), 'input'))).toEqual(
      expect.objectContaining({ field: 'input.kind', reason: 'UNKNOWN_RESOURCE_KIND' }),
    );
  });

  it('keeps only the known ratings in range, dropping nulls', () => {
    expect(ratings({ personCentred: 1, humanity: null, sustainability: 3 }, 'input.ratings')).toEqual({
      personCentred: 1,
      sustainability: 3,
    });
    expect(failure(() => ratings({ circularity: 0 }, 'r'))).toEqual(
      expect.objectContaining({ field: 'r.circularity' }),
    );
    expect(failure(() => ratings({ circularity: 1.5 }, 'r'))).toEqual(
      expect.objectContaining({ field: 'r.circularity' }),
    );
  });

  it('changes only the fields given; null clears an optional field', () => {
    expect(resourceChanges({ contact: null, needCategories: ['HOUSING'] }, 'input')).toEqual({
      contact: null,
      needCategories: ['HOUSING'],
    });
    expect(resourceChanges({}, 'input')).toEqual({});
  });

  it('serves a ward from resources of the ward or its city, and a city from those of any of its wards', () => {
    expect(servingCodes('231100', 'filter.municipalityCode').sort()).toEqual(['231002', '231100']);
    expect(servingCodes('231002', 'filter.municipalityCode')).toEqual(
      expect.arrayContaining(['231002', '231100', '231118']),
    );
    expect(failure(() => servingCodes('999999', 'filter.municipalityCode'))).toEqual(
      expect.objectContaining({ field: 'filter.municipalityCode' }),
    );
  });
});
