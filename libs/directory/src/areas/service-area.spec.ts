import { BadUserInputError, ErrorCode } from '@tsunagu/platform';
import { AreaLevel } from '../dto/enums.js';
import { municipality, resolveServiceArea } from './service-area.js';

const FIELD = 'input.serviceAreas.0.code';

function expectBadInput(action: () => unknown, reason: string, field = FIELD): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(BadUserInputError);
  expect((thrown as BadUserInputError).code).toBe(ErrorCode.BAD_USER_INPUT);
  expect((thrown as BadUserInputError).details).toEqual({ field, reason });
}

describe('resolveServiceArea', () => {
  it('resolves a prefecture', () => {
    expect(resolveServiceArea(AreaLevel.PREFECTURE, '230006', FIELD)).toEqual({
      level: AreaLevel.PREFECTURE,
      code: '230006',
      prefectureCode: '230006',
      municipalityCode: null,
      governmentName: '愛知県',
    });
  });

  it.each([
    ['a municipality code', '231002'],
    ['a ward code', '231100'],
    ['a bad check digit', '230007'],
    ['a malformed code', 'aichi'],
  ])('rejects %s at PREFECTURE level as UNKNOWN_AREA_CODE', (_, code) => {
    expectBadInput(() => resolveServiceArea(AreaLevel.PREFECTURE, code, FIELD), 'UNKNOWN_AREA_CODE');
  });

  it('resolves a ward at MUNICIPALITY level', () => {
    expect(resolveServiceArea(AreaLevel.MUNICIPALITY, '231100', FIELD)).toEqual({
      level: AreaLevel.MUNICIPALITY,
      code: '231100',
      prefectureCode: '230006',
      municipalityCode: '231100',
      governmentName: '愛知県名古屋市中川区',
    });
  });

  it('resolves a city at MUNICIPALITY level', () => {
    expect(resolveServiceArea(AreaLevel.MUNICIPALITY, '232017', FIELD)).toMatchObject({
      municipalityCode: '232017',
      prefectureCode: '230006',
      governmentName: '愛知県豊橋市',
    });
  });

  it.each([
    ['a prefecture code', '230006'],
    ['a bad check digit', '231101'],
    ['an unknown code', '239992'],
    ['a local-area code', '231100-TOMITA'],
  ])('rejects %s at MUNICIPALITY level as UNKNOWN_MUNICIPALITY', (_, code) => {
    expectBadInput(() => resolveServiceArea(AreaLevel.MUNICIPALITY, code, FIELD), 'UNKNOWN_MUNICIPALITY');
  });

  it.each([AreaLevel.NEIGHBOURHOOD, AreaLevel.SCHOOL_DISTRICT])('resolves a local area at %s level', (level) => {
    expect(resolveServiceArea(level, '231100-TOMITA_2', FIELD)).toEqual({
      level,
      code: '231100-TOMITA_2',
      prefectureCode: '230006',
      municipalityCode: '231100',
      governmentName: '愛知県名古屋市中川区',
    });
  });

  it.each([
    ['an underscore separator', '231100_TOMITA'],
    ['a lower-case local id', '231100-tomita'],
    ['no local id', '231100-'],
    ['a bare municipality code', '231100'],
    ['a local id over 32 characters', `231100-${'A'.repeat(33)}`],
    ['a five-digit prefix', '23110-TOMITA'],
  ])('rejects %s at NEIGHBOURHOOD level as MALFORMED_AREA_CODE', (_, code) => {
    expectBadInput(() => resolveServiceArea(AreaLevel.NEIGHBOURHOOD, code, FIELD), 'MALFORMED_AREA_CODE');
  });

  it('rejects a malformed school district as MALFORMED_AREA_CODE', () => {
    expectBadInput(() => resolveServiceArea(AreaLevel.SCHOOL_DISTRICT, '231100_TOMITA', FIELD), 'MALFORMED_AREA_CODE');
  });

  it.each([
    ['an unknown municipality', '239992-TOMITA'],
    ['a bad check digit', '231101-TOMITA'],
    ['a prefecture', '230006-TOMITA'],
  ])('rejects a local area under %s as UNKNOWN_MUNICIPALITY', (_, code) => {
    expectBadInput(() => resolveServiceArea(AreaLevel.SCHOOL_DISTRICT, code, FIELD), 'UNKNOWN_MUNICIPALITY');
  });

  it('names the field it is given', () => {
    expectBadInput(
      () => resolveServiceArea(AreaLevel.MUNICIPALITY, '230006', 'filter.municipalityCode'),
      'UNKNOWN_MUNICIPALITY',
      'filter.municipalityCode',
    );
  });
});

describe('municipality', () => {
  it('returns a ward or municipality', () => {
    expect(municipality('231100', FIELD)).toMatchObject({ kind: 'ward', parentCode: '231002' });
    expect(municipality('231002', FIELD)).toMatchObject({ kind: 'municipality' });
  });

  it('rejects a prefecture code', () => {
    expectBadInput(() => municipality('230006', 'municipalityCode'), 'UNKNOWN_MUNICIPALITY', 'municipalityCode');
  });

  it('rejects an unknown code', () => {
    expectBadInput(() => municipality('nope', 'municipalityCode'), 'UNKNOWN_MUNICIPALITY', 'municipalityCode');
  });
});
