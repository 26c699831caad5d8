import { suppressCell, summariseEvidence } from './evidence-counts.js';

describe('evidence suppression', () => {
  it('withholds every count of a cell below the minimum, keeps empty and large cells', () => {
    expect(suppressCell({ item_count: '2', person_count: '2', referral_count: '1' }, 3)).toEqual({
      itemCount: null,
      personCount: null,
      declinedReferralCount: null,
      suppressed: true,
    });
    expect(suppressCell({ item_count: '4', person_count: '3', referral_count: '0' }, 3)).toEqual({
      itemCount: 4,
      personCount: 3,
      declinedReferralCount: 0,
      suppressed: false,
    });
    expect(suppressCell(undefined, 3)).toEqual({
      itemCount: 0,
      personCount: 0,
      declinedReferralCount: 0,
      suppressed: false,
    });
  });

  it('suppresses totals, months and areas each on their own', () => {
    const cell = (person: number) => ({ item_count: person, person_count: person, referral_count: 0 });
    const summary = summariseEvidence(
      [
        { issue_id: 'i', month: null, area: null, by_month: false, by_area: false, ...cell(4) },
        { issue_id: 'i', month: '2026-05', area: null, by_month: true, by_area: false, ...cell(1) },
        { issue_id: 'i', month: '2026-04', area: null, by_month: true, by_area: false, ...cell(3) },
        { issue_id: 'i', month: null, area: '231100', by_month: false, by_area: true, ...cell(4) },
      ],
      3,
    );
    expect(summary).toMatchObject({ itemCount: 4, personCount: 4, suppressed: false });
    expect(summary.byMonth).toEqual([
      { month: '2026-04', itemCount: 3, personCount: 3, declinedReferralCount: 0, suppressed: false },
      { month: '2026-05', itemCount: null, personCount: null, declinedReferralCount: null, suppressed: true },
    ]);
    expect(summary.byArea).toEqual([
      expect.objectContaining({ municipalityCode: '231100', municipalityName: '愛知県名古屋市中川区', personCount: 4 }),
    ]);
  });
});
