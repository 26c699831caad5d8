import { BadUserInputError } from '@tsunagu/platform';
import { normaliseEventPatterns, parseWebhookUrl } from './webhook-rules.js';

function refusal(run: () => unknown): { field: unknown; reason: unknown } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BadUserInputError);
    const { field, reason } = (error as BadUserInputError).details;
    return { field, reason };
  }
  throw new Error('expected a refusal');
}

describe('parseWebhookUrl', () => {
  it('accepts absolute http and https URLs', () => {
    expect(parseWebhookUrl('https://hooks.example.jp/tsunagu?x=1', 'input.url').href).toBe(
      'https://hooks.example.jp/tsunagu?x=1',
    );
    expect(parseWebhookUrl('http://127.0.0.1:8080/hook', 'input.url').port).toBe('8080');
  });

  it.each([
    ['ftp://hooks.example.jp/', 'URL_SCHEME'],
    ['file:///etc/passwd', 'URL_SCHEME'],
    ['javascript:alert(1)', 'URL_SCHEME'],
    ['https://user:pass@hooks.example.jp/', 'URL_USERINFO'],
    ['https://token@hooks.example.jp/', 'URL_USERINFO'],
    ['/relative/path', 'URL_INVALID'],
    ['not a url', 'URL_INVALID'],
    [`https://hooks.example.jp/${'a'.repeat(2048)}`, 'URL_TOO_LONG'],
  ])('refuses %s (%s) on the field', (url, reason) => {
    expect(refusal(() => parseWebhookUrl(url, 'input.url'))).toEqual({ field: 'input.url', reason });
  });
});

describe('normaliseEventPatterns', () => {
  it('keeps types, groups and *, each once, in order', () => {
    expect(normaliseEventPatterns(['referral.sent', 'consent.*', 'referral.sent', '*'], 'input.events')).toEqual([
      'referral.sent',
      'consent.*',
      '*',
    ]);
  });

  it('names the position of an unknown type or pattern', () => {
    expect(refusal(() => normaliseEventPatterns(['referral.sent', 'referral.nope'], 'input.events'))).toEqual({
      field: 'input.events.1',
      reason: 'UNKNOWN_EVENT_TYPE',
    });
    expect(refusal(() => normaliseEventPatterns(['nope.*'], 'input.events')).field).toBe('input.events.0');
  });

  it('refuses an empty list', () => {
    expect(refusal(() => normaliseEventPatterns([], 'input.events')).field).toBe('input.events');
  });
});
