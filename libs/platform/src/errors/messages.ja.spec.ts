import { ErrorCode } from './error-code.js';
import { JA_MESSAGES, JA_REASONS, japaneseRequestErrorMessage } from './messages.ja.js';

/** Hiragana, katakana or kanji: the message is written in Japanese, not a copy of the English. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('JA_MESSAGES', () => {
  it.each(Object.values(ErrorCode))('has a Japanese message for %s', (code) => {
    const message = JA_MESSAGES[code];
    expect(typeof message).toBe('function');
    expect(message({ code }, 'English message')).toMatch(JAPANESE);
  });

  it('has no message for a code the contract does not have', () => {
    expect(Object.keys(JA_MESSAGES).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('keeps the allowed statuses of INVALID_TRANSITION', () => {
    const message = JA_MESSAGES.INVALID_TRANSITION(
      { code: 'INVALID_TRANSITION', current: 'COMPLETED', attempted: 'ACCEPTED', allowed: ['CANCELLED', 'FAILED'] },
      '',
    );
    expect(message).toContain('COMPLETED');
    expect(message).toContain('ACCEPTED');
    expect(message).toContain('CANCELLED、FAILED');
  });

  it('says no move is allowed when `allowed` is empty', () => {
    expect(JA_MESSAGES.INVALID_TRANSITION({ allowed: [] }, '')).toContain('次に可能な状態: なし');
  });

  it('keeps the field path and explains the reason of BAD_USER_INPUT', () => {
    const message = JA_MESSAGES.BAD_USER_INPUT({ field: 'input.email', reason: 'NUL_CHARACTER' }, '');
    expect(message).toContain('input.email');
    expect(message).toContain(JA_REASONS.NUL_CHARACTER);
  });

  it('gives the limit of a class-validator constraint from the English message', () => {
    const message = JA_MESSAGES.BAD_USER_INPUT(
      { field: 'input.serviceAreas.0.name', constraint: 'maxLength' },
      'input.serviceAreas.0.name: name must be shorter than or equal to 100 characters',
    );
    expect(message).toContain('100 文字以内');
    expect(message).toContain('input.serviceAreas.0.name');
  });

  it('keeps the missing consent categories and the reason of CONSENT_REQUIRED', () => {
    const message = JA_MESSAGES.CONSENT_REQUIRED(
      { missing: { reason: 'CATEGORIES_NOT_COVERED', categories: ['HEALTH_DISABILITY', 'INCOME_DEBT'] } },
      '',
    );
    expect(message).toContain('HEALTH_DISABILITY、INCOME_DEBT');
    expect(message).toContain(JA_REASONS.CATEGORIES_NOT_COVERED);
  });

  it('keeps the missing scopes of FORBIDDEN', () => {
    expect(JA_MESSAGES.FORBIDDEN({ missingScopes: ['referrals:write'] }, '')).toContain('referrals:write');
  });

  it('names the entity of NOT_FOUND in Japanese and by its code', () => {
    expect(JA_MESSAGES.NOT_FOUND({ entity: 'Referral' }, '')).toBe('紹介（Referral）が見つかりません。');
  });

  it('keeps the versions of a stale CONFLICT and the seconds of RATE_LIMITED', () => {
    const conflict = JA_MESSAGES.CONFLICT({ expectedVersion: 3, currentVersion: 4 }, '');
    expect(conflict).toContain('3');
    expect(conflict).toContain('4');
    expect(JA_MESSAGES.RATE_LIMITED({ retryAfter: 42 }, '')).toContain('42 秒後');
  });

  it('keeps the figures of QUERY_TOO_COMPLEX', () => {
    expect(JA_MESSAGES.QUERY_TOO_COMPLEX({ measure: 'cost', cost: 5000, limit: 1000 }, '')).toContain(
      'コスト 5000 が上限 1000',
    );
  });
});

describe('japaneseRequestErrorMessage', () => {
  it("keeps graphql-js's English behind a Japanese prefix naming the field", () => {
    const english = 'Variable "$input" got invalid value "NOPE" at "input.urgency"';
    const message = japaneseRequestErrorMessage({ field: 'input.urgency' }, english);
    expect(message).toMatch(JAPANESE);
    expect(message).toContain('input.urgency');
    expect(message.endsWith(english)).toBe(true);
  });
});

describe('JA_MESSAGES limits and body kinds', () => {
  it('gives the limit of a TOO_LONG reason from the English message', () => {
    const message = JA_MESSAGES.BAD_USER_INPUT({ field: 'input.name', reason: 'TOO_LONG' }, 'At most 200 characters');
    expect(message).toBe(
      '入力内容が正しくありません。文字数の上限を超えています。200 文字以内で指定してください。（項目: input.name）',
    );
  });

  it('names the expected and the given body kinds of MEETING_BODY_MISMATCH', () => {
    const message = JA_MESSAGES.BAD_USER_INPUT(
      {
        field: 'input.meetingId',
        reason: 'MEETING_BODY_MISMATCH',
        expectedBodyKind: 'PLENARY',
        actualBodyKind: 'SUBCOMMITTEE',
      },
      '',
    );
    expect(message).toContain('必要な会議体: PLENARY、指定された会議体: SUBCOMMITTEE。');
  });
});
