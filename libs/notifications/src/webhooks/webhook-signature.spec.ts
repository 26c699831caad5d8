import { createHmac } from 'node:crypto';
import { generateSigningSecret, webhookHeaders, webhookSignature } from './webhook-signature.js';

describe('webhook signing secrets', () => {
  it('are whsec_ and 32 random bytes, base64url', () => {
    const secret = generateSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    expect(generateSigningSecret()).not.toBe(secret);
  });
});

describe('webhookSignature', () => {
  const secret = 'whsec_test';
  const body = '{"id":"e1","type":"referral.sent","data":{"note":"受付"}}';

  it('is v1= and the hex HMAC-SHA256 of `<timestamp>.<body>` keyed with the whole secret', () => {
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(webhookSignature(secret, 1700000000, body)).toBe(`v1=${expected}`);
  });

  it('is a known value (a fixed vector for other implementations)', () => {
    expect(webhookSignature('whsec_abc', 1, '{}')).toBe(
      `v1=${createHmac('sha256', Buffer.from('whsec_abc', 'utf8')).update(Buffer.from('1.{}', 'utf8')).digest('hex')}`,
    );
  });

  it('changes with the secret, the timestamp and every byte of the body', () => {
    const signature = webhookSignature(secret, 1700000000, body);
    expect(webhookSignature('whsec_other', 1700000000, body)).not.toBe(signature);
    expect(webhookSignature(secret, 1700000001, body)).not.toBe(signature);
    expect(webhookSignature(secret, 1700000000, body.replace('受付', '受理'))).not.toBe(signature);
    expect(webhookSignature(secret, 1700000000, `${body} `)).not.toBe(signature);
  });
});

describe('webhookHeaders', () => {
  it('names the event, the delivery and the time, and signs the body; the secret is not among them', () => {
    const headers = webhookHeaders('whsec_test', {
      eventId: 'e1',
      eventType: 'referral.sent',
      deliveryId: 'd1',
      timestamp: 1700000000,
      body: '{}',
    });
    expect(headers).toEqual({
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^Tsunagu-Webhooks\//),
      'tsunagu-event-id': 'e1',
      'tsunagu-event-type': 'referral.sent',
      'tsunagu-delivery-id': 'd1',
      'tsunagu-timestamp': '1700000000',
      'tsunagu-signature': webhookSignature('whsec_test', 1700000000, '{}'),
    });
    expect(JSON.stringify(headers)).not.toContain('whsec_test');
  });
});
