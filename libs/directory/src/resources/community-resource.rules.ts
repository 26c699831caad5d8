import { BadUserInputError } from '@tsunagu/platform';
import { overlappingMunicipalityCodes } from '../areas/local-government-codes.js';
import { municipality } from '../areas/service-area.js';
import { isNeedCategory } from '../data/need-categories.js';
import {
  CommunityResourceKind,
  RATING_CRITERIA,
  RATING_MAX,
  RATING_MIN,
  type CommunityResourceEntity,
  type ResourceRatings,
} from './community-resource.entity.js';
import type { CommunityResourceInput, CommunityResourceRatingsInput } from './community-resource.model.js';

/** The columns an input sets, validated and normalised. */
export type ResourceFields = Pick<
  CommunityResourceEntity,
  'name' | 'kind' | 'description' | 'needCategories' | 'municipalityCodes' | 'contact' | 'ratings'
>;

const NAME_MAX = 200;
const CONTACT_MAX = 200;
const DESCRIPTION_MAX = 4000;

/**
 * Checks a whole resource input (also when it did not pass through the GraphQL validation pipe, as from a
 * council's mutation) and normalises it; an error names `field` plus the path inside the input.
 */
export function resourceFields(input: CommunityResourceInput, field: string): ResourceFields {
  return {
    name: requiredText(input.name, `${field}.name`, NAME_MAX),
    kind: resourceKind(input.kind, `${field}.kind`),
    description: optionalText(input.description, `${field}.description`, DESCRIPTION_MAX),
    needCategories: needCategories(input.needCategories, `${field}.needCategories`),
    municipalityCodes: municipalityCodes(input.municipalityCodes, `${field}.municipalityCodes`),
    contact: optionalText(input.contact, `${field}.contact`, CONTACT_MAX),
    ratings: ratings(input.ratings, `${field}.ratings`),
  };
}

/** Only the fields given (not undefined); `null` clears an optional field. */
export function resourceChanges(input: Partial<CommunityResourceInput>, field: string): Partial<ResourceFields> {
  const changes: Partial<ResourceFields> = {};
  if (input.name != null) changes.name = requiredText(input.name, `${field}.name`, NAME_MAX);
  if (input.kind != null) changes.kind = resourceKind(input.kind, `${field}.kind`);
  if (input.description !== undefined)
    changes.description = optionalText(input.description, `${field}.description`, DESCRIPTION_MAX);
  if (input.needCategories != null)
    changes.needCategories = needCategories(input.needCategories, `${field}.needCategories`);
  if (input.municipalityCodes != null)
    changes.municipalityCodes = municipalityCodes(input.municipalityCodes, `${field}.municipalityCodes`);
  if (input.contact !== undefined) changes.contact = optionalText(input.contact, `${field}.contact`, CONTACT_MAX);
  if (input.ratings !== undefined) changes.ratings = ratings(input.ratings, `${field}.ratings`);
  return changes;
}

export function needCategories(codes: readonly string[] | null | undefined, field: string): string[] {
  if (!codes || codes.length === 0) {
    throw new BadUserInputError(field, 'Name at least one need category', { reason: 'NEED_CATEGORIES_REQUIRED' });
  }
  codes.forEach((code, index) => {
    if (!isNeedCategory(code)) {
      throw new BadUserInputError(`${field}.${index}`, `Unknown need category ${code}; see the needCategories query`, {
        reason: 'UNKNOWN_NEED_CATEGORY',
      });
    }
  });
  return [...new Set(codes)];
}

/** Municipality or ward codes (not prefectures), each known to the local-government list. */
export function municipalityCodes(codes: readonly string[] | null | undefined, field: string): string[] {
  if (!codes || codes.length === 0) {
    throw new BadUserInputError(field, 'Name at least one municipality or ward served', {
      reason: 'MUNICIPALITY_CODES_REQUIRED',
    });
  }
  codes.forEach((code, index) => municipality(code, `${field}.${index}`));
  return [...new Set(codes)];
}

/** The codes a resource listed for `code`'s place may carry to serve it: itself, its city, its wards. */
export function servingCodes(code: string, field: string): string[] {
  return overlappingMunicipalityCodes(municipality(code, field));
}

export function ratings(input: CommunityResourceRatingsInput | null | undefined, field: string): ResourceRatings {
  const result: ResourceRatings = {};
  if (!input) return result;
  for (const criterion of RATING_CRITERIA) {
    const value = input[criterion];
    if (value === null || value === undefined) continue;
    if (!Number.isInteger(value) || value < RATING_MIN || value > RATING_MAX) {
      throw new BadUserInputError(
        `${field}.${criterion}`,
        `${criterion} must be an integer from ${RATING_MIN} to ${RATING_MAX}`,
        {
          reason: 'RATING_OUT_OF_RANGE',
        },
      );
    }
    result[criterion] = value;
  }
  return result;
}

function resourceKind(kind: string, field: string): CommunityResourceKind {
  if (!(Object.values(CommunityResourceKind) as string[]).includes(kind)) {
    throw new BadUserInputError(field, `Unknown community resource kind ${kind}`, { reason: 'UNKNOWN_RESOURCE_KIND' });
  }
  return kind as CommunityResourceKind;
}

function requiredText(value: string | null | undefined, field: string, max: number): string {
  const text = value?.trim() ?? '';
  if (text.length === 0) throw new BadUserInputError(field, 'Must not be blank', { reason: 'BLANK' });
  if (text.length > max) throw new BadUserInputError(field, `At most ${max} characters`, { reason: 'TOO_LONG' });
  return text;
}

function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > max) throw new BadUserInputError(field, `At most ${max} characters`, { reason: 'TOO_LONG' });
  return text.length > 0 ? text : null;
}
