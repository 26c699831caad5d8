import { DataCategory } from '../dto/enums.js';
import { type PersonEntity } from '../entities/person.entity.js';

/**
 * Which person fields each data category discloses. Every data field is in exactly one category; a category may
 * disclose records kept beside the person instead (SUPPORT_NETWORK).
 */
export const PERSON_FIELDS_BY_CATEGORY = {
  [DataCategory.IDENTITY]: ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'birthDate'],
  [DataCategory.CONTACT]: ['phone', 'email', 'municipalityCode', 'address'],
  [DataCategory.HOUSEHOLD]: ['householdNotes'],
  [DataCategory.HEALTH_DISABILITY]: ['healthDisability'],
  [DataCategory.INCOME_DEBT]: ['incomeDebt'],
  [DataCategory.EMPLOYMENT]: ['employment'],
  [DataCategory.EDUCATION]: ['education'],
  [DataCategory.JUSTICE]: ['justice'],
  [DataCategory.CASE_NOTES]: ['caseNotes'],
  // Not a field of Person: the hearing sheet and the person's relations (libs/collaboration) are read under it.
  [DataCategory.SUPPORT_NETWORK]: [],
} as const satisfies Record<DataCategory, readonly (keyof PersonEntity)[]>;

export type PersonDataField = (typeof PERSON_FIELDS_BY_CATEGORY)[DataCategory][number];

export type MaskedPerson = { id: string; redacted: DataCategory[] } & {
  [F in PersonDataField]: PersonEntity[F] | null;
};

/** The person with every field outside `visible` set to null, and the masked categories listed. */
export function maskPerson(person: PersonEntity, visible: readonly DataCategory[]): MaskedPerson {
  const masked = { id: person.id, redacted: [] as DataCategory[] } as MaskedPerson;
  for (const category of Object.values(DataCategory)) {
    const shown = visible.includes(category);
    if (!shown) masked.redacted.push(category);
    for (const field of PERSON_FIELDS_BY_CATEGORY[category]) {
      (masked as Record<string, unknown>)[field] = shown ? person[field] : null;
    }
  }
  return masked;
}
