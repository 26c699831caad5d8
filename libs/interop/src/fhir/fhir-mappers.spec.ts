import { join } from 'node:path';
import {
  ConsentMethod,
  ConsentPurpose,
  ConsentStatus,
  DataCategory,
  maskPerson,
  type PersonEntity,
} from '@tsunagu/consent';
import { Urgency } from '@tsunagu/directory';
import { DeclineReason, ReferralStatus, type ReferralEntity } from '@tsunagu/referrals';
import { consent, patient, referralStatusOf, serviceRequest, task, taskStatus } from './fhir-mappers.js';
import { createFhirValidator } from './fhir-schema.js';

const validate = createFhirValidator(join(import.meta.dirname, '../../../../standards/fhir-r4/fhir.schema.json'));
const MASKED = [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'masked' }];
const NO_TEXT = { summary: null, summaryMasked: false, outcome: null, outcomeMasked: false };

function referral(overrides: Partial<ReferralEntity> = {}): ReferralEntity {
  const at = new Date('2026-12-01T00:00:00Z');
  return {
    id: '6f1c0a52-7d1e-4a8f-9d1b-1c2d3e4f5a6b',
    fromAgencyId: '11111111-1111-4111-8111-111111111111',
    toAgencyId: '22222222-2222-4222-8222-222222222222',
    personId: '33333333-3333-4333-8333-333333333333',
    status: ReferralStatus.REQUESTED,
    urgency: Urgency.HIGH,
    needCategories: ['HOUSING', 'DEBT'],
    summary: '要約',
    sharedCategories: [DataCategory.IDENTITY],
    legalBasis: 'CONSENT',
    consentIds: [],
    forwardedFromId: null,
    declineReason: null,
    outcome: null,
    sentAt: at,
    startedAt: null,
    closedAt: null,
    acknowledgeDueAt: new Date('2026-12-02T00:00:00Z'),
    decisionDueAt: new Date('2026-12-04T00:00:00Z'),
    version: 3,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  } as ReferralEntity;
}

describe('FHIR mappings', () => {
  it.each(Object.values(ReferralStatus))('maps %s to a valid Task and ServiceRequest and back', (status) => {
    const declineReason = status === ReferralStatus.REJECTED ? DeclineReason.OUT_OF_AREA : null;
    const mapped = task(referral({ status, declineReason }), NO_TEXT, false);
    expect(validate(mapped).errors).toEqual([]);
    expect(validate(serviceRequest(referral({ status }), NO_TEXT)).errors).toEqual([]);
    expect(referralStatusOf(taskStatus(status))).toBe(status);
  });

  it('marks an overdue referral in businessStatus and gives the due time as the restriction', () => {
    const mapped = task(referral(), NO_TEXT, true);
    expect(mapped.businessStatus).toEqual(
      expect.objectContaining({ coding: [expect.objectContaining({ code: 'overdue' })] }),
    );
    expect(mapped.restriction).toEqual({ period: { end: '2026-12-02T00:00:00.000Z' } });
    expect(task(referral(), NO_TEXT, false).businessStatus).toBeUndefined();
  });

  it('marks masked free text with data-absent-reason instead of leaving it out silently', () => {
    const text = { summary: null, summaryMasked: true, outcome: null, outcomeMasked: true };
    const request = serviceRequest(referral(), text);
    const lifecycle = task(referral({ status: ReferralStatus.COMPLETED, outcome: '結果' }), text, false);
    expect(request.note).toEqual([{ _text: { extension: MASKED } }]);
    expect(lifecycle.output).toEqual([expect.objectContaining({ _valueString: { extension: MASKED } })]);
    expect(validate(request).errors).toEqual([]);
    expect(validate(lifecycle).errors).toEqual([]);
  });

  it('leaves every field of a fully masked person absent and marked', () => {
    const person = { id: '33333333-3333-4333-8333-333333333333', familyName: '山田' } as PersonEntity;
    const mapped = patient(maskPerson(person, []));
    expect(mapped).not.toHaveProperty('birthDate');
    expect(mapped.name).toEqual([{ extension: MASKED }]);
    expect(mapped._birthDate).toEqual({ extension: MASKED });
    expect(JSON.stringify(mapped)).not.toContain('山田');
    expect(validate(mapped).errors).toEqual([]);
  });

  it('maps an expired consent as inactive with its end', () => {
    const mapped = consent({
      id: '44444444-4444-4444-8444-444444444444',
      personId: '33333333-3333-4333-8333-333333333333',
      status: ConsentStatus.EXPIRED,
      recipientAgencyId: null,
      recipientSector: null,
      purposes: [ConsentPurpose.REFERRAL],
      dataCategories: [DataCategory.IDENTITY],
      method: ConsentMethod.WRITTEN,
      evidenceRef: null,
      obtainedAt: new Date('2026-01-01T00:00:00Z'),
      expiresAt: new Date('2026-06-01T00:00:00Z'),
      recordedByAgencyId: '11111111-1111-4111-8111-111111111111',
      recordedAt: new Date('2026-01-01T00:00:00Z'),
      withdrawnAt: null,
      withdrawalReason: null,
    });
    expect(mapped.status).toBe('inactive');
    expect(mapped.provision).not.toHaveProperty('actor');
    expect(mapped.provision).toEqual(
      expect.objectContaining({ period: { start: '2026-01-01T00:00:00.000Z', end: '2026-06-01T00:00:00.000Z' } }),
    );
    expect(validate(mapped).errors).toEqual([]);
  });
});
