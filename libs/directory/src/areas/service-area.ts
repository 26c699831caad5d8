import { BadUserInputError } from '@tsunagu/platform';
import { AreaLevel } from '../dto/enums.js';
import { lookupLocalGovernment, type LocalGovernment } from './local-government-codes.js';

/** `<6-digit municipality or ward code>-<LOCAL_ID>` for neighbourhoods (地区) and school districts (学区). */
const LOCAL_AREA = /^(\d{6})-([A-Z0-9_]{1,32})$/;

export interface ResolvedServiceArea {
  level: AreaLevel;
  code: string;
  prefectureCode: string;
  /** Null for a prefecture-wide area. */
  municipalityCode: string | null;
  /** E.g. 愛知県名古屋市中川区. */
  governmentName: string;
}

/** Validates a service area's code against its level; `field` names the input for the error. */
export function resolveServiceArea(level: AreaLevel, code: string, field: string): ResolvedServiceArea {
  switch (level) {
    case AreaLevel.PREFECTURE: {
      const government = lookupLocalGovernment(code);
      if (government?.kind !== 'prefecture') {
        throw new BadUserInputError(
          field,
          `${code} is not a prefecture's local-government code (e.g. 230006 for Aichi)`,
          {
            reason: 'UNKNOWN_AREA_CODE',
          },
        );
      }
      return { level, code, prefectureCode: code, municipalityCode: null, governmentName: government.fullName };
    }
    case AreaLevel.MUNICIPALITY: {
      const government = municipality(code, field);
      return {
        level,
        code,
        prefectureCode: government.prefectureCode,
        municipalityCode: code,
        governmentName: government.fullName,
      };
    }
    case AreaLevel.NEIGHBOURHOOD:
    case AreaLevel.SCHOOL_DISTRICT: {
      const match = LOCAL_AREA.exec(code);
      if (!match) {
        throw new BadUserInputError(
          field,
          `${code} must look like <municipality code>-<LOCAL_ID>, e.g. 231100-TOMITA`,
          {
            reason: 'MALFORMED_AREA_CODE',
          },
        );
      }
      const government = municipality(match[1], field);
      return {
        level,
        code,
        prefectureCode: government.prefectureCode,
        municipalityCode: match[1],
        governmentName: government.fullName,
      };
    }
  }
}

/** A municipality or ward code, or `BAD_USER_INPUT` naming `field`. */
export function municipality(code: string, field: string): LocalGovernment {
  const government = lookupLocalGovernment(code);
  if (!government || government.kind === 'prefecture') {
    throw new BadUserInputError(
      field,
      `${code} is not a known municipality code (全国地方公共団体コード, e.g. 231100)`,
      {
        reason: 'UNKNOWN_MUNICIPALITY',
      },
    );
  }
  return government;
}
