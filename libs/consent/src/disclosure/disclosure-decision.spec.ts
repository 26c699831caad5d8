import { Sector } from '@tsunagu/directory';
import { ConsentPurpose, ConsentStatus, DataCategory, LegalBasis } from '../dto/enums.js';
import {
  conferenceAccessOpen,
  conferenceGrantStands,
  consentCovers,
  consentStatus,
  decideShare,
  grantStands,
  visibleCategories,
  type AgencyFacts,
  type ConferenceGrant,
  type ConsentFacts,
  type DisclosureGrant,
  type MeetingFacts,
  type ShareRequest,
  type VisibleCategoriesInput,
} from './disclosure-decision.js';

const NOW = new Date('2025-06-01T09:00:00+09:00');
const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
const DAY = 24 * 60 * 60 * 1000;

const PERSON = 'person-1';
const hub: AgencyFacts = { id: 'agency-hub', sector: Sector.POVERTY };
const houkatsu: AgencyFacts = { id: 'agency-houkatsu', sector: Sector.ELDER_CARE };
const otherElderCare: AgencyFacts = { id: 'agency-ikiiki', sector: Sector.ELDER_CARE };
const helloWork: AgencyFacts = { id: 'agency-hellowork', sector: Sector.EMPLOYMENT };

const { IDENTITY, CONTACT, HOUSEHOLD, HEALTH_DISABILITY, INCOME_DEBT, CASE_NOTES } = DataCategory;

function consent(overrides: Partial<ConsentFacts> = {}): ConsentFacts {
  return {
    id: 'consent-1',
    personId: PERSON,
    recipientAgencyId: houkatsu.id,
    recipientSector: null,
    purposes: [ConsentPurpose.REFERRAL],
    dataCategories: [IDENTITY, CONTACT, HOUSEHOLD],
    obtainedAt: at(-30 * DAY),
    expiresAt: at(30 * DAY),
    withdrawnAt: null,
    ...overrides,
  };
}

function share(overrides: Partial<ShareRequest> = {}): ShareRequest {
  return {
    personId: PERSON,
    sender: hub,
    recipient: houkatsu,
    purpose: ConsentPurpose.REFERRAL,
    categories: [IDENTITY, CONTACT],
    legalBasis: LegalBasis.CONSENT,
    consents: [consent()],
    now: NOW,
    ...overrides,
  };
}

function meeting(overrides: Partial<MeetingFacts> = {}): MeetingFacts {
  return {
    id: 'meeting-1',
    kind: LegalBasis.SUPPORT_MEETING,
    memberAgencyIds: [hub.id, houkatsu.id],
    ...overrides,
  };
}

/** The Missing a denied share to houkatsu for REFERRAL carries. */
function missing(reason: string, categories: DataCategory[], legalBasis = LegalBasis.CONSENT) {
  return {
    allowed: false,
    missing: {
      legalBasis,
      recipientAgencyId: houkatsu.id,
      recipientSector: Sector.ELDER_CARE,
      purpose: ConsentPurpose.REFERRAL,
      categories,
      reason,
    },
  };
}

describe('consentStatus', () => {
  it('is ACTIVE before expiry and without withdrawal', () => {
    expect(consentStatus(consent(), NOW)).toBe(ConsentStatus.ACTIVE);
    expect(consentStatus(consent({ expiresAt: null }), NOW)).toBe(ConsentStatus.ACTIVE);
  });

  it('is EXPIRED from the expiry instant on (expiresAt == now counts as expired)', () => {
    expect(consentStatus(consent({ expiresAt: NOW }), NOW)).toBe(ConsentStatus.EXPIRED);
    expect(consentStatus(consent({ expiresAt: at(1) }), NOW)).toBe(ConsentStatus.ACTIVE);
  });

  it('is WITHDRAWN from the withdrawal instant on, even when also expired', () => {
    expect(consentStatus(consent({ withdrawnAt: NOW }), NOW)).toBe(ConsentStatus.WITHDRAWN);
    expect(consentStatus(consent({ withdrawnAt: at(-DAY), expiresAt: at(-DAY) }), NOW)).toBe(ConsentStatus.WITHDRAWN);
    expect(consentStatus(consent({ withdrawnAt: at(1) }), NOW)).toBe(ConsentStatus.ACTIVE);
  });

  it('fails closed on an unreadable withdrawal date', () => {
    expect(consentStatus(consent({ withdrawnAt: new Date('garbage') }), NOW)).toBe(ConsentStatus.WITHDRAWN);
  });
});

describe('consentCovers', () => {
  it('covers the named agency for an included purpose while active', () => {
    expect(consentCovers(consent(), houkatsu, ConsentPurpose.REFERRAL, NOW)).toBe(true);
  });

  it('does not cover another agency, another purpose, or once withdrawn', () => {
    expect(consentCovers(consent(), otherElderCare, ConsentPurpose.REFERRAL, NOW)).toBe(false);
    expect(consentCovers(consent(), houkatsu, ConsentPurpose.CASE_CONFERENCE, NOW)).toBe(false);
    expect(consentCovers(consent({ withdrawnAt: at(-1) }), houkatsu, ConsentPurpose.REFERRAL, NOW)).toBe(false);
  });

  it('covers any agency of the named sector, and no agency of another sector', () => {
    const sectorConsent = consent({ recipientAgencyId: null, recipientSector: Sector.ELDER_CARE });
    expect(consentCovers(sectorConsent, otherElderCare, ConsentPurpose.REFERRAL, NOW)).toBe(true);
    expect(consentCovers(sectorConsent, helloWork, ConsentPurpose.REFERRAL, NOW)).toBe(false);
  });
});

describe('decideShare under CONSENT', () => {
  it('allows categories covered by an active consent naming the recipient, relying on that consent', () => {
    expect(decideShare(share())).toEqual({
      allowed: true,
      basis: LegalBasis.CONSENT,
      consentIds: ['consent-1'],
      reviewRequired: false,
    });
  });

  it('allows the union of two consents covering different categories, relying on both', () => {
    const decision = decideShare(
      share({
        categories: [IDENTITY, HEALTH_DISABILITY],
        consents: [
          consent({ id: 'c-identity', dataCategories: [IDENTITY] }),
          consent({ id: 'c-health', dataCategories: [HEALTH_DISABILITY] }),
          consent({ id: 'c-unrelated', dataCategories: [CASE_NOTES] }),
        ],
      }),
    );
    expect(decision).toEqual({
      allowed: true,
      basis: LegalBasis.CONSENT,
      consentIds: ['c-identity', 'c-health'],
      reviewRequired: false,
    });
  });

  it('denies a missing category, listing exactly the uncovered ones in DataCategory order', () => {
    const decision = decideShare(share({ categories: [CASE_NOTES, IDENTITY, HEALTH_DISABILITY, CONTACT] }));
    expect(decision).toEqual(missing('CATEGORIES_NOT_COVERED', [HEALTH_DISABILITY, CASE_NOTES]));
  });

  it('denies when active consents for the recipient do not include the purpose', () => {
    const decision = decideShare(share({ consents: [consent({ purposes: [ConsentPurpose.CASE_CONFERENCE] })] }));
    expect(decision).toEqual(missing('PURPOSE_NOT_COVERED', [IDENTITY, CONTACT]));
  });

  it('denies a consent naming another agency, even of the same sector', () => {
    const decision = decideShare(share({ consents: [consent({ recipientAgencyId: otherElderCare.id })] }));
    expect(decision).toEqual(missing('NO_CONSENT_FOR_RECIPIENT', [IDENTITY, CONTACT]));
  });

  it('denies when the person has no consent at all', () => {
    expect(decideShare(share({ consents: [] }))).toEqual(missing('NO_CONSENT_FOR_RECIPIENT', [IDENTITY, CONTACT]));
  });

  it("allows under a sector consent covering the recipient's sector", () => {
    const decision = decideShare(
      share({ consents: [consent({ id: 'c-sector', recipientAgencyId: null, recipientSector: Sector.ELDER_CARE })] }),
    );
    expect(decision).toEqual({
      allowed: true,
      basis: LegalBasis.CONSENT,
      consentIds: ['c-sector'],
      reviewRequired: false,
    });
  });

  it('denies under a sector consent for another sector', () => {
    const decision = decideShare(
      share({ consents: [consent({ recipientAgencyId: null, recipientSector: Sector.EMPLOYMENT })] }),
    );
    expect(decision).toEqual(missing('NO_CONSENT_FOR_RECIPIENT', [IDENTITY, CONTACT]));
  });

  it("ignores another person's consent", () => {
    const decision = decideShare(share({ consents: [consent({ personId: 'person-2' })] }));
    expect(decision).toEqual(missing('NO_CONSENT_FOR_RECIPIENT', [IDENTITY, CONTACT]));
  });

  it('denies with CONSENT_EXPIRED when the only consent for the recipient has expired', () => {
    const decision = decideShare(share({ consents: [consent({ expiresAt: at(-DAY) })] }));
    expect(decision).toEqual(missing('CONSENT_EXPIRED', [IDENTITY, CONTACT]));
  });

  it('denies with CONSENT_WITHDRAWN when every consent for the recipient was withdrawn', () => {
    const decision = decideShare(
      share({ consents: [consent({ withdrawnAt: at(-DAY) }), consent({ id: 'c-2', withdrawnAt: at(-2 * DAY) })] }),
    );
    expect(decision).toEqual(missing('CONSENT_WITHDRAWN', [IDENTITY, CONTACT]));
  });

  it('denies with CONSENT_EXPIRED when the consents for the recipient are a mix of expired and withdrawn', () => {
    const decision = decideShare(
      share({ consents: [consent({ withdrawnAt: at(-DAY) }), consent({ id: 'c-2', expiresAt: at(-DAY) })] }),
    );
    expect(decision).toEqual(missing('CONSENT_EXPIRED', [IDENTITY, CONTACT]));
  });

  it('treats expiresAt == now as expired and one millisecond later as still active', () => {
    expect(decideShare(share({ consents: [consent({ expiresAt: NOW })] }))).toEqual(
      missing('CONSENT_EXPIRED', [IDENTITY, CONTACT]),
    );
    expect(decideShare(share({ consents: [consent({ expiresAt: at(1) })] }))).toMatchObject({ allowed: true });
  });

  it('does not count an expired or withdrawn consent towards the covered categories', () => {
    const decision = decideShare(
      share({
        categories: [IDENTITY, HEALTH_DISABILITY, INCOME_DEBT],
        consents: [
          consent({ id: 'c-active', dataCategories: [IDENTITY] }),
          consent({ id: 'c-expired', dataCategories: [HEALTH_DISABILITY], expiresAt: at(-1) }),
          consent({ id: 'c-withdrawn', dataCategories: [INCOME_DEBT], withdrawnAt: at(-1) }),
        ],
      }),
    );
    expect(decision).toEqual(missing('CATEGORIES_NOT_COVERED', [HEALTH_DISABILITY, INCOME_DEBT]));
  });

  it('still needs an active consent for the recipient and purpose when no category is requested', () => {
    expect(decideShare(share({ categories: [], consents: [] }))).toEqual(missing('NO_CONSENT_FOR_RECIPIENT', []));
    expect(decideShare(share({ categories: [] }))).toMatchObject({ allowed: true, consentIds: ['consent-1'] });
  });
});

describe('decideShare under a meeting', () => {
  it.each([LegalBasis.SUPPORT_MEETING, LegalBasis.CHILD_PROTECTION_COUNCIL] as const)(
    'allows %s between two members without any consent',
    (kind) => {
      const decision = decideShare(share({ legalBasis: kind, meeting: meeting({ kind }), consents: [] }));
      expect(decision).toEqual({ allowed: true, basis: kind, consentIds: [], reviewRequired: false });
    },
  );

  it('denies with MEETING_REQUIRED when no meeting is given', () => {
    const expected = missing('MEETING_REQUIRED', [IDENTITY, CONTACT], LegalBasis.SUPPORT_MEETING);
    expect(decideShare(share({ legalBasis: LegalBasis.SUPPORT_MEETING }))).toEqual(expected);
    expect(decideShare(share({ legalBasis: LegalBasis.SUPPORT_MEETING, meeting: null }))).toEqual(expected);
  });

  it('denies with WRONG_MEETING_KIND when the meeting is of the other kind', () => {
    const decision = decideShare(
      share({
        legalBasis: LegalBasis.CHILD_PROTECTION_COUNCIL,
        meeting: meeting({ kind: LegalBasis.SUPPORT_MEETING }),
      }),
    );
    expect(decision).toEqual(missing('WRONG_MEETING_KIND', [IDENTITY, CONTACT], LegalBasis.CHILD_PROTECTION_COUNCIL));
  });

  it.each([
    ['the recipient', [hub.id]],
    ['the sender', [houkatsu.id]],
  ])('denies a non-member under SUPPORT_MEETING (%s is not a member)', (_who, members) => {
    const decision = decideShare(
      share({ legalBasis: LegalBasis.SUPPORT_MEETING, meeting: meeting({ memberAgencyIds: members }) }),
    );
    expect(decision).toEqual(missing('NOT_A_MEETING_MEMBER', [IDENTITY, CONTACT], LegalBasis.SUPPORT_MEETING));
  });
});

describe('decideShare under VITAL_INTEREST', () => {
  it('allows with a justification, needing no consent, and requires review', () => {
    const decision = decideShare(
      share({ legalBasis: LegalBasis.VITAL_INTEREST, justification: '本人が意識不明で救急搬送された', consents: [] }),
    );
    expect(decision).toEqual({
      allowed: true,
      basis: LegalBasis.VITAL_INTEREST,
      consentIds: [],
      reviewRequired: true,
    });
  });

  it('counts characters, not bytes: exactly ten Japanese characters suffice', () => {
    const decision = decideShare(
      share({ legalBasis: LegalBasis.VITAL_INTEREST, justification: '生命の危険があるため' }),
    );
    expect(decision).toMatchObject({ allowed: true, reviewRequired: true });
  });

  it.each([
    ['no justification', undefined],
    ['a null justification', null],
    ['a blank justification', '           '],
    ['a justification under ten characters once trimmed', '   urgent!   '],
  ])('denies with JUSTIFICATION_REQUIRED given %s', (_case, justification) => {
    const decision = decideShare(share({ legalBasis: LegalBasis.VITAL_INTEREST, justification }));
    expect(decision).toEqual(missing('JUSTIFICATION_REQUIRED', [IDENTITY, CONTACT], LegalBasis.VITAL_INTEREST));
  });
});

describe('visibleCategories', () => {
  const consentGrant: DisclosureGrant = {
    referralId: 'referral-consent',
    senderAgencyId: hub.id,
    categories: [CONTACT, IDENTITY],
    legalBasis: LegalBasis.CONSENT,
    meetingId: null,
    consentIds: ['consent-1'],
  };
  const meetingGrant: DisclosureGrant = {
    referralId: 'referral-meeting',
    senderAgencyId: hub.id,
    categories: [HOUSEHOLD, HEALTH_DISABILITY],
    legalBasis: LegalBasis.SUPPORT_MEETING,
    meetingId: 'meeting-1',
    consentIds: [],
  };
  const vitalGrant: DisclosureGrant = {
    referralId: 'referral-vital',
    senderAgencyId: hub.id,
    categories: [HEALTH_DISABILITY, IDENTITY],
    legalBasis: LegalBasis.VITAL_INTEREST,
    meetingId: null,
    consentIds: [],
  };

  function view(overrides: Partial<VisibleCategoriesInput> = {}): VisibleCategoriesInput {
    return {
      viewerAgencyId: houkatsu.id,
      viewer: houkatsu,
      registeredByAgencyId: hub.id,
      grants: [consentGrant],
      now: NOW,
      consents: [consent()],
      meetings: [meeting()],
      ...overrides,
    };
  }

  it('shows the registering agency every category, on the REGISTRANT basis', () => {
    expect(visibleCategories(view({ viewerAgencyId: hub.id, viewer: hub, grants: [] }))).toEqual({
      categories: Object.values(DataCategory),
      bases: [{ kind: 'REGISTRANT' }],
    });
  });

  it("shows a viewer a consent grant's categories still covered by a current consent naming it", () => {
    expect(visibleCategories(view())).toEqual({
      categories: [IDENTITY, CONTACT],
      bases: [
        {
          kind: 'REFERRAL',
          referralId: 'referral-consent',
          legalBasis: LegalBasis.CONSENT,
          categories: [IDENTITY, CONTACT],
        },
      ],
    });
  });

  it('masks a consent grant from the moment its consent is withdrawn', () => {
    expect(visibleCategories(view({ consents: [consent({ withdrawnAt: at(1) })] })).categories).toEqual([
      IDENTITY,
      CONTACT,
    ]);
    expect(visibleCategories(view({ consents: [consent({ withdrawnAt: NOW })] }))).toEqual({
      categories: [],
      bases: [],
    });
  });

  it('masks a consent grant from the moment its consent expires', () => {
    expect(visibleCategories(view({ consents: [consent({ expiresAt: NOW })] }))).toEqual({ categories: [], bases: [] });
  });

  it('masks only the categories the current consents no longer cover', () => {
    const result = visibleCategories(view({ consents: [consent({ dataCategories: [CONTACT] })] }));
    expect(result.categories).toEqual([CONTACT]);
  });

  it("re-checks against current consents, whatever ids the grant recorded (a sector consent for the viewer's sector counts)", () => {
    const renewed = consent({ id: 'consent-renewed', recipientAgencyId: null, recipientSector: Sector.ELDER_CARE });
    const result = visibleCategories(view({ consents: [consent({ withdrawnAt: at(-DAY) }), renewed] }));
    expect(result.categories).toEqual([IDENTITY, CONTACT]);
  });

  it('does not count a consent to another agency or for a purpose other than REFERRAL', () => {
    const result = visibleCategories(
      view({
        consents: [
          consent({ recipientAgencyId: otherElderCare.id }),
          consent({ id: 'c-2', purposes: [ConsentPurpose.INFORMATION_SHARING] }),
        ],
      }),
    );
    expect(result).toEqual({ categories: [], bases: [] });
  });

  it('shows a meeting grant only while both the sender and the viewer are members of that meeting', () => {
    const grants = [meetingGrant];
    expect(visibleCategories(view({ grants, consents: [] })).categories).toEqual([HOUSEHOLD, HEALTH_DISABILITY]);
    for (const members of [[hub.id], [houkatsu.id]]) {
      expect(visibleCategories(view({ grants, meetings: [meeting({ memberAgencyIds: members })] }))).toEqual({
        categories: [],
        bases: [],
      });
    }
  });

  it('hides a meeting grant whose meeting is unknown or of another kind', () => {
    expect(visibleCategories(view({ grants: [meetingGrant], meetings: [] })).categories).toEqual([]);
    const council = meeting({ kind: LegalBasis.CHILD_PROTECTION_COUNCIL });
    expect(visibleCategories(view({ grants: [meetingGrant], meetings: [council] })).categories).toEqual([]);
  });

  it('keeps a VITAL_INTEREST grant visible without consent or meeting', () => {
    expect(visibleCategories(view({ grants: [vitalGrant], consents: [], meetings: [] }))).toEqual({
      categories: [IDENTITY, HEALTH_DISABILITY],
      bases: [
        {
          kind: 'REFERRAL',
          referralId: 'referral-vital',
          legalBasis: LegalBasis.VITAL_INTEREST,
          categories: [IDENTITY, HEALTH_DISABILITY],
        },
      ],
    });
  });

  it('unions two grants in DataCategory order, listing each contributing grant with its categories', () => {
    const result = visibleCategories(view({ grants: [meetingGrant, consentGrant] }));
    expect(result).toEqual({
      categories: [IDENTITY, CONTACT, HOUSEHOLD, HEALTH_DISABILITY],
      bases: [
        {
          kind: 'REFERRAL',
          referralId: 'referral-meeting',
          legalBasis: LegalBasis.SUPPORT_MEETING,
          categories: [HOUSEHOLD, HEALTH_DISABILITY],
        },
        {
          kind: 'REFERRAL',
          referralId: 'referral-consent',
          legalBasis: LegalBasis.CONSENT,
          categories: [IDENTITY, CONTACT],
        },
      ],
    });
  });

  it('omits a grant that no longer contributes from the bases', () => {
    const result = visibleCategories(view({ grants: [meetingGrant, consentGrant], consents: [] }));
    expect(result.bases.map((basis) => (basis.kind === 'REFERRAL' ? basis.referralId : basis.kind))).toEqual([
      'referral-meeting',
    ]);
  });

  it('shows a viewer with no grant nothing', () => {
    expect(visibleCategories(view({ grants: [] }))).toEqual({ categories: [], bases: [] });
  });

  it('refuses a viewer whose id does not match viewerAgencyId', () => {
    expect(() => visibleCategories(view({ viewer: helloWork }))).toThrow(/differ/);
  });
});

describe('grantStands (the free text of one referral)', () => {
  const grant = (overrides: Partial<DisclosureGrant> = {}): DisclosureGrant => ({
    referralId: 'referral-1',
    senderAgencyId: hub.id,
    categories: [IDENTITY, CONTACT],
    legalBasis: LegalBasis.CONSENT,
    meetingId: null,
    consentIds: ['consent-1'],
    ...overrides,
  });
  const input = (overrides: Partial<VisibleCategoriesInput> = {}): VisibleCategoriesInput => ({
    viewerAgencyId: houkatsu.id,
    viewer: houkatsu,
    registeredByAgencyId: hub.id,
    grants: [],
    now: NOW,
    consents: [consent()],
    meetings: [meeting()],
    ...overrides,
  });

  it('stands while a current consent covers every shared category', () => {
    expect(grantStands(grant(), input())).toBe(true);
  });

  it('falls from the moment the consent is withdrawn or expires', () => {
    expect(grantStands(grant(), input({ consents: [consent({ withdrawnAt: at(1) })] }))).toBe(true);
    expect(grantStands(grant(), input({ consents: [consent({ withdrawnAt: NOW })] }))).toBe(false);
    expect(grantStands(grant(), input({ consents: [consent({ expiresAt: NOW })] }))).toBe(false);
  });

  it('falls when any shared category is no longer covered (free text is not split by category)', () => {
    expect(grantStands(grant(), input({ consents: [consent({ dataCategories: [CONTACT] })] }))).toBe(false);
  });

  it('needs a covering consent even when nothing was shared', () => {
    expect(grantStands(grant({ categories: [] }), input())).toBe(true);
    expect(grantStands(grant({ categories: [] }), input({ consents: [] }))).toBe(false);
    const other = consent({ recipientAgencyId: otherElderCare.id });
    expect(grantStands(grant({ categories: [] }), input({ consents: [other] }))).toBe(false);
  });

  it('stands for a meeting grant only while both agencies are members of a meeting of its kind', () => {
    const meetingGrant = grant({ legalBasis: LegalBasis.SUPPORT_MEETING, meetingId: 'meeting-1', consentIds: [] });
    expect(grantStands(meetingGrant, input({ consents: [] }))).toBe(true);
    expect(grantStands(meetingGrant, input({ meetings: [meeting({ memberAgencyIds: [hub.id] })] }))).toBe(false);
    const council = meeting({ kind: LegalBasis.CHILD_PROTECTION_COUNCIL });
    expect(grantStands(meetingGrant, input({ meetings: [council] }))).toBe(false);
  });

  it('stands for VITAL_INTEREST without consent or meeting', () => {
    const vital = grant({ legalBasis: LegalBasis.VITAL_INTEREST, consentIds: [] });
    expect(grantStands(vital, input({ consents: [], meetings: [] }))).toBe(true);
  });
});

describe('case conference grants (個別支援会議)', () => {
  const conferenceConsent = consent({
    id: 'consent-conference',
    purposes: [ConsentPurpose.CASE_CONFERENCE],
    dataCategories: [IDENTITY, CONTACT, INCOME_DEBT],
  });
  const grant: ConferenceGrant = {
    conferenceId: 'conference-1',
    leadAgencyId: hub.id,
    categories: [INCOME_DEBT, IDENTITY],
    legalBasis: LegalBasis.CONSENT,
    meetingId: null,
    open: true,
    accessUntil: null,
  };

  function view(overrides: Partial<VisibleCategoriesInput> = {}): VisibleCategoriesInput {
    return {
      viewerAgencyId: houkatsu.id,
      viewer: houkatsu,
      registeredByAgencyId: hub.id,
      grants: [],
      now: NOW,
      consents: [conferenceConsent],
      meetings: [meeting()],
      conferenceGrants: [grant],
      ...overrides,
    };
  }

  it('shows a participating agency the conference categories its CASE_CONFERENCE consent covers, on that basis', () => {
    expect(visibleCategories(view())).toEqual({
      categories: [IDENTITY, INCOME_DEBT],
      bases: [
        {
          kind: 'CASE_CONFERENCE',
          conferenceId: 'conference-1',
          legalBasis: 'CONSENT',
          categories: [IDENTITY, INCOME_DEBT],
        },
      ],
    });
    expect(conferenceGrantStands(grant, view())).toBe(true);
  });

  it('does not count a consent for REFERRAL only, and masks from the moment the consent is withdrawn', () => {
    const referralOnly = consent({ dataCategories: [IDENTITY, CONTACT, INCOME_DEBT] });
    expect(visibleCategories(view({ consents: [referralOnly] }))).toEqual({ categories: [], bases: [] });
    const withdrawn = { ...conferenceConsent, withdrawnAt: at(-1) };
    expect(visibleCategories(view({ consents: [withdrawn] }))).toEqual({ categories: [], bases: [] });
    expect(conferenceGrantStands(grant, view({ consents: [withdrawn] }))).toBe(false);
  });

  it('stands for the record only while every conference category is covered', () => {
    const partial = consent({ id: 'c2', purposes: [ConsentPurpose.CASE_CONFERENCE], dataCategories: [IDENTITY] });
    expect(visibleCategories(view({ consents: [partial] })).categories).toEqual([IDENTITY]);
    expect(conferenceGrantStands(grant, view({ consents: [partial] }))).toBe(false);
  });

  it('under a support meeting: only while the lead and the viewer are both members', () => {
    const underMeeting: ConferenceGrant = {
      ...grant,
      legalBasis: LegalBasis.SUPPORT_MEETING,
      meetingId: 'meeting-1',
    };
    expect(visibleCategories(view({ consents: [], conferenceGrants: [underMeeting] })).categories).toEqual([
      IDENTITY,
      INCOME_DEBT,
    ]);
    const left = meeting({ memberAgencyIds: [hub.id] });
    expect(visibleCategories(view({ consents: [], meetings: [left], conferenceGrants: [underMeeting] }))).toEqual({
      categories: [],
      bases: [],
    });
    const wrongKind = meeting({ kind: LegalBasis.CHILD_PROTECTION_COUNCIL });
    expect(conferenceGrantStands(underMeeting, view({ consents: [], meetings: [wrongKind] }))).toBe(false);
  });

  it('after the conference is recorded or cancelled, only until the end of the access period', () => {
    const recorded: ConferenceGrant = { ...grant, open: false, accessUntil: at(DAY) };
    expect(visibleCategories(view({ conferenceGrants: [recorded] })).categories).toEqual([IDENTITY, INCOME_DEBT]);
    expect(visibleCategories(view({ conferenceGrants: [recorded], now: at(DAY) }))).toEqual({
      categories: [],
      bases: [],
    });
    expect(conferenceAccessOpen({ open: false, accessUntil: null }, NOW)).toBe(false);
    expect(conferenceAccessOpen({ open: true, accessUntil: null }, NOW)).toBe(true);
  });

  it('never grants on VITAL_INTEREST, and adds to what referrals show', () => {
    const vital: ConferenceGrant = { ...grant, legalBasis: LegalBasis.VITAL_INTEREST };
    expect(visibleCategories(view({ conferenceGrants: [vital] }))).toEqual({ categories: [], bases: [] });
    const referralGrant: DisclosureGrant = {
      referralId: 'referral-1',
      senderAgencyId: hub.id,
      categories: [CASE_NOTES],
      legalBasis: LegalBasis.SUPPORT_MEETING,
      meetingId: 'meeting-1',
      consentIds: [],
    };
    const both = visibleCategories(view({ grants: [referralGrant] }));
    expect(both.categories).toEqual([IDENTITY, INCOME_DEBT, CASE_NOTES]);
    expect(both.bases.map((basis) => basis.kind)).toEqual(['REFERRAL', 'CASE_CONFERENCE']);
  });
});
