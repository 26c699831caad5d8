import { GoalTerm, SupportTiming } from '../conferences/conference-enums.js';
import { diffPlanVersions, type PlanVersionFacts } from './plan-diff.js';

const v1: PlanVersionFacts = {
  personWish: '今の家に住み続けたい',
  agreedDirection: '家計を立て直す',
  goals: [
    { term: GoalTerm.SHORT_TERM, text: '家計の立て直し' },
    { term: GoalTerm.MEDIUM_LONG_TERM, text: '住まいの安定' },
  ],
  supports: [{ timing: SupportTiming.NOW, text: '家計改善支援' }],
};

describe('diffPlanVersions', () => {
  it('the first version adds everything it has', () => {
    expect(diffPlanVersions(null, v1)).toEqual({
      goalsAdded: v1.goals,
      goalsRemoved: [],
      supportsAdded: v1.supports,
      supportsRemoved: [],
      personWishChanged: true,
      agreedDirectionChanged: true,
    });
  });

  it('names goals and supports added and removed, by term/timing and text, ignoring order and outer spaces', () => {
    const v2: PlanVersionFacts = {
      ...v1,
      goals: [
        { term: GoalTerm.MEDIUM_LONG_TERM, text: ' 住まいの安定 ' },
        { term: GoalTerm.MEDIUM_LONG_TERM, text: '家計の立て直し' },
      ],
      supports: [{ timing: SupportTiming.NEEDS_TIME, text: '家計改善支援' }],
    };
    expect(diffPlanVersions(v1, v2)).toEqual({
      goalsAdded: [{ term: GoalTerm.MEDIUM_LONG_TERM, text: '家計の立て直し' }],
      goalsRemoved: [{ term: GoalTerm.SHORT_TERM, text: '家計の立て直し' }],
      supportsAdded: [{ timing: SupportTiming.NEEDS_TIME, text: '家計改善支援' }],
      supportsRemoved: [{ timing: SupportTiming.NOW, text: '家計改善支援' }],
      personWishChanged: false,
      agreedDirectionChanged: false,
    });
  });

  it('a wish cleared or written for the first time is a change; null and empty are the same', () => {
    expect(diffPlanVersions(v1, { ...v1, personWish: null }).personWishChanged).toBe(true);
    expect(
      diffPlanVersions({ ...v1, agreedDirection: null }, { ...v1, agreedDirection: '' }).agreedDirectionChanged,
    ).toBe(false);
  });
});
