import { DataCategory } from '../dto/enums.js';
import { type PersonEntity } from '../entities/person.entity.js';
import { maskPerson, PERSON_FIELDS_BY_CATEGORY } from './person-fields.js';

const person = {
  id: 'p-1',
  registeredByAgencyId: 'a-1',
  familyName: '山田',
  givenName: '花子',
  familyNameKana: 'ヤマダ',
  givenNameKana: 'ハナコ',
  birthDate: '1980-04-01',
  phone: '052-000-0000',
  email: 'hanako@example.jp',
  municipalityCode: '231100',
  address: '名古屋市中川区',
  householdNotes: '母と同居',
  healthDisability: '通院中',
  incomeDebt: '滞納あり',
  employment: '求職中',
  education: '高卒',
  justice: 'なし',
  caseNotes: '面談済み',
  createdAt: new Date(),
  updatedAt: new Date(),
} satisfies PersonEntity;

const DATA_FIELDS = Object.keys(person).filter(
  (field) => !['id', 'registeredByAgencyId', 'createdAt', 'updatedAt'].includes(field),
);

describe('person fields by data category', () => {
  it('puts every data field of a person in exactly one category', () => {
    const listed = Object.values(PERSON_FIELDS_BY_CATEGORY).flat();
    expect([...listed].sort()).toEqual([...DATA_FIELDS].sort());
    expect(new Set(listed).size).toBe(listed.length);
  });

  it('covers every data category', () => {
    expect(Object.keys(PERSON_FIELDS_BY_CATEGORY).sort()).toEqual(Object.values(DataCategory).sort());
  });
});

describe('maskPerson', () => {
  it('shows everything, and redacts nothing, when every category is visible', () => {
    const masked = maskPerson(person, Object.values(DataCategory));
    expect(masked.redacted).toEqual([]);
    for (const field of DATA_FIELDS)
      expect(masked[field as keyof typeof masked]).toEqual(person[field as keyof PersonEntity]);
  });

  it('nulls the fields of invisible categories and lists those categories', () => {
    const masked = maskPerson(person, [DataCategory.IDENTITY, DataCategory.INCOME_DEBT]);
    expect(masked.familyName).toBe('山田');
    expect(masked.birthDate).toBe('1980-04-01');
    expect(masked.incomeDebt).toBe('滞納あり');
    expect(masked.phone).toBeNull();
    expect(masked.address).toBeNull();
    expect(masked.healthDisability).toBeNull();
    expect(masked.justice).toBeNull();
    expect(masked.redacted).toEqual([
      DataCategory.CONTACT,
      DataCategory.HOUSEHOLD,
      DataCategory.HEALTH_DISABILITY,
      DataCategory.EMPLOYMENT,
      DataCategory.EDUCATION,
      DataCategory.JUSTICE,
      DataCategory.CASE_NOTES,
      DataCategory.SUPPORT_NETWORK,
    ]);
  });

  it('keeps only the id when nothing is visible', () => {
    const masked = maskPerson(person, []);
    expect(masked.id).toBe('p-1');
    for (const field of DATA_FIELDS) expect(masked[field as keyof typeof masked]).toBeNull();
    expect(masked.redacted).toEqual(Object.values(DataCategory));
  });
});
