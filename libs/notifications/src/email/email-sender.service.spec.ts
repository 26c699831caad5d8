import { isPermanentSmtpFailure, messageIdDomain } from './email-sender.service.js';
import { isSendEmailData, sendEmailJobId } from './send-email.job.js';

describe('e-mail sending rules', () => {
  it('takes the Message-ID domain from the From address', () => {
    expect(messageIdDomain('Tsunagu <no-reply@hub.example.jp>')).toBe('hub.example.jp');
    expect(messageIdDomain('notices@city.example.lg.jp')).toBe('city.example.lg.jp');
    expect(messageIdDomain('Tsunagu')).toBe('tsunagu.invalid');
  });

  it('treats SMTP 5xx replies as permanent, 4xx and connection errors as worth retrying', () => {
    expect(isPermanentSmtpFailure(Object.assign(new Error('rejected'), { responseCode: 550 }))).toBe(true);
    expect(isPermanentSmtpFailure(Object.assign(new Error('greylisted'), { responseCode: 451 }))).toBe(false);
    expect(isPermanentSmtpFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isPermanentSmtpFailure(null)).toBe(false);
  });

  it('gives a delivery one job id, and recognises well-formed job data only', () => {
    expect(sendEmailJobId('d1')).toBe('d1');
    const event = {
      id: 'e1',
      type: 'referral.sent',
      agencyIds: ['a1'],
      payload: {},
      occurredAt: '2026-01-05T00:00:00Z',
    };
    expect(isSendEmailData({ deliveryId: 'd1', event })).toBe(true);
    expect(isSendEmailData({ deliveryId: 'd1' })).toBe(false);
    expect(isSendEmailData({ deliveryId: 1, event })).toBe(false);
    expect(isSendEmailData({ deliveryId: 'd1', event: { ...event, payload: null } })).toBe(false);
    expect(isSendEmailData(null)).toBe(false);
  });
});
