import { createHmac } from 'node:crypto';
import { type SinkRequest } from '../support/webhook-sink.js';
import { measure, table, type PhaseReport } from './ledger.js';
import { signatureValid, Tally } from './observers.js';

/** The suite's own counting: what it calls once, duplicate and lost, and the receiver's signature check. */
describe('fault suite ledger', () => {
  it('counts each expected delivery as once, duplicate or lost, and ignores deliveries nobody expected', () => {
    const tally = new Tally();
    for (const key of ['a/1', 'a/2', 'a/2', 'a/2', 'b/9']) tally.add(key);
    const [result] = measure([
      { channel: 'webhook', keys: ['a/1', 'a/2', 'a/3'], counter: () => (key) => tally.count(key) },
    ]);
    expect(result).toEqual({ channel: 'webhook', expected: 3, once: 1, duplicates: 1, missing: 1 });
  });

  it('prints one row per channel with its own drain time, and the bound when it did not drain', () => {
    const report: PhaseReport = {
      fault: 'api-kill',
      detail: '',
      drainMs: [1500, null],
      atDrain: [
        { channel: 'webhook', expected: 4, once: 4, duplicates: 0, missing: 0 },
        { channel: 'subscription', expected: 8, once: 5, duplicates: 0, missing: 3 },
      ],
      final: [
        { channel: 'webhook', expected: 4, once: 4, duplicates: 0, missing: 0 },
        { channel: 'subscription', expected: 8, once: 6, duplicates: 0, missing: 2 },
      ],
      calls: { ok: 0, retries: 0, failed: {} },
      clocks: { open: 0, withoutClock: 0 },
    };
    const rows = table([report], 60_000).split('\n').slice(2);
    expect(rows).toEqual([
      '| api-kill | webhook | 4 | 4 | 0 | 0 | 0 | 1.5 s |',
      '|  | subscription | 8 | 6 | 0 | 2 | 3 | > 60 s |',
    ]);
  });

  it('accepts a signature made as docs/webhooks.md says, and refuses a changed body or another secret', () => {
    const secret = 'whsec_test';
    const body = '{"id":"e1"}';
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
    const request = (raw: string): SinkRequest => ({
      index: 0,
      method: 'POST',
      path: '/hook/a',
      headers: { 'tsunagu-timestamp': timestamp, 'tsunagu-signature': `v1=${signature}` },
      body: raw,
      receivedAt: 0,
      receivedAtMonotonic: 0,
    });
    expect(signatureValid(secret, request(body))).toBe(true);
    expect(signatureValid(secret, request('{"id":"e2"}'))).toBe(false);
    expect(signatureValid('whsec_other', request(body))).toBe(false);
  });
});
