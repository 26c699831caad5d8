import { EVENT_TYPES, type BusEvent, type EventType } from '@tsunagu/platform';
import { formatJst, render, roleOf, type MailRole, type MailViewpoint } from './email-templates.js';

const SENDER = '00000000-0000-4000-8000-00000000000a';
const RECIPIENT = '00000000-0000-4000-8000-00000000000b';
const COORDINATOR = '00000000-0000-4000-8000-00000000000c';
const REFERRAL_ID = '11111111-1111-4111-8111-111111111111';
const CONSENT_ID = '22222222-2222-4222-8222-222222222222';
const PERSON_ID = '33333333-3333-4333-8333-333333333333';
const ENDPOINT_ID = '44444444-4444-4444-8444-444444444444';
const EVENT_ID = '55555555-5555-4555-8555-555555555555';
const PUBLIC_URL = 'https://hub.example.jp/console';

const NAMES = new Map([
  [SENDER, '中川区自立相談支援センター'],
  [RECIPIENT, '名古屋市居住支援法人つなぎ'],
  [COORDINATOR, '中川区基幹相談支援センター'],
]);

/** What a payload might carry beyond what a notice may show: none of it may reach a mail. */
const PERSONAL = {
  familyName: '鈴木',
  givenName: '一郎',
  familyNameKana: 'スズキ',
  birthDate: '1975-12-31',
  address: '名古屋市中川区富田町9-9-9',
  phone: '052-999-1234',
  email: 'ichiro.suzuki@example.net',
  summary: '家賃を6か月滞納している',
  note: '本人は夜間のみ連絡可',
  body: '面談の日程について',
  personName: '鈴木一郎',
  householdNotes: '父と同居',
};

function referralEvent(type: string, extra: Record<string, unknown> = {}): BusEvent {
  return {
    id: EVENT_ID,
    type,
    agencyIds: [SENDER, RECIPIENT],
    payload: {
      eventId: EVENT_ID,
      type,
      referralId: REFERRAL_ID,
      fromAgencyId: SENDER,
      toAgencyId: RECIPIENT,
      urgency: 'EMERGENCY',
      fromStatus: 'REQUESTED',
      toStatus: 'RECEIVED',
      actorAgencyId: RECIPIENT,
      at: '2026-01-05T00:00:00.000Z',
      clock: 'ACKNOWLEDGE',
      dueAt: '2026-01-05T03:30:00.000Z',
      messageId: '66666666-6666-4666-8666-666666666666',
      ...PERSONAL,
      ...extra,
    },
    occurredAt: '2026-01-05T00:00:00.000Z',
  };
}

function consentEvent(type: string): BusEvent {
  return {
    id: EVENT_ID,
    type,
    agencyIds: [SENDER, RECIPIENT],
    payload: {
      eventId: EVENT_ID,
      type,
      consentId: CONSENT_ID,
      personId: PERSON_ID,
      recipientAgencyId: RECIPIENT,
      recipientSector: 'HOUSING',
      expiresAt: '2026-03-31T15:00:00.000Z',
      at: '2026-03-17T15:00:00.000Z',
      ...PERSONAL,
    },
    occurredAt: '2026-03-17T15:00:00.000Z',
  };
}

/** As the webhook channel writes it (host only), unless `payload` says otherwise. */
function webhookEvent(payload: Record<string, unknown> = {}): BusEvent {
  return {
    id: EVENT_ID,
    type: 'webhook.disabled',
    agencyIds: [SENDER],
    payload: {
      endpointId: ENDPOINT_ID,
      host: 'partner.example.jp',
      reason: '5 deliveries in a row dead-lettered; the last: HTTP 500',
      consecutiveDeadLetters: 5,
      lastDeliveryId: '77777777-7777-4777-8777-777777777777',
      disabledAt: '2026-01-05T00:00:00.000Z',
      ...PERSONAL,
      ...payload,
    },
    occurredAt: '2026-01-05T00:00:00.000Z',
  };
}

const CONFERENCE_ID = '88888888-8888-4888-8888-888888888888';

function conferenceEvent(type: string): BusEvent {
  return {
    id: EVENT_ID,
    type,
    agencyIds: [SENDER, RECIPIENT],
    payload: {
      eventId: EVENT_ID,
      type,
      conferenceId: CONFERENCE_ID,
      leadAgencyId: SENDER,
      status: 'SCHEDULED',
      scheduledAt: '2026-01-09T01:00:00.000Z',
      at: '2026-01-05T00:00:00.000Z',
      ...PERSONAL,
    },
    occurredAt: '2026-01-05T00:00:00.000Z',
  };
}

const TASK_ID = '77777777-7777-4777-8777-777777777777';
const PLAN_ID = '99999999-9999-4999-8999-999999999999';

/** A task or plan event as the support plan writes it: SENDER owns the task, RECIPIENT leads the plan. */
function planEvent(type: string, extra: Record<string, unknown> = {}): BusEvent {
  return {
    id: EVENT_ID,
    type,
    agencyIds: [SENDER, RECIPIENT],
    payload: {
      eventId: EVENT_ID,
      type,
      ...(type.startsWith('task.') ? { taskId: TASK_ID, ownerAgencyId: SENDER, dueOn: '2026-01-20' } : {}),
      planId: PLAN_ID,
      personId: PERSON_ID,
      conferenceId: CONSENT_ID,
      leadAgencyId: RECIPIENT,
      planVersion: 2,
      nextReviewOn: '2026-03-31',
      at: '2026-01-05T00:00:00.000Z',
      ...PERSONAL,
      ...extra,
    },
    occurredAt: '2026-01-05T00:00:00.000Z',
  };
}

function eventOf(type: EventType): BusEvent {
  if (type.startsWith('task.') || type.startsWith('plan.')) return planEvent(type);
  if (type.startsWith('consent.')) return consentEvent(type);
  if (type.startsWith('conference.')) return conferenceEvent(type);
  if (type.startsWith('webhook.')) return webhookEvent();
  return referralEvent(type);
}

/** The agencies that may be told of an event of `type`, and as whom. */
function viewersOf(type: EventType): [string, MailRole][] {
  if (type.startsWith('consent.')) {
    return [
      [SENDER, 'REGISTRANT'],
      [RECIPIENT, 'CONSENT_RECIPIENT'],
    ];
  }
  if (type.startsWith('webhook.')) return [[SENDER, 'ENDPOINT_OWNER']];
  if (type.startsWith('task.')) {
    return [
      [SENDER, 'TASK_OWNER'],
      [RECIPIENT, 'PLAN_LEAD'],
    ];
  }
  if (type.startsWith('plan.')) {
    return [
      [RECIPIENT, 'PLAN_LEAD'],
      [SENDER, 'PLAN_PARTICIPANT'],
    ];
  }
  if (type.startsWith('conference.')) {
    return [
      [SENDER, 'CONFERENCE_PARTICIPANT'],
      [RECIPIENT, 'CONFERENCE_PARTICIPANT'],
    ];
  }
  return [
    [SENDER, 'SENDER'],
    [RECIPIENT, 'RECIPIENT'],
    [COORDINATOR, 'COORDINATOR'],
  ];
}

function viewpoint(agencyId: string): MailViewpoint {
  return { agencyId, agencyName: NAMES.get(agencyId)!, agencyNames: NAMES, publicUrl: PUBLIC_URL };
}

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('e-mail notices', () => {
  const cases = EVENT_TYPES.flatMap((type) =>
    viewersOf(type).map(([agencyId, role]): [EventType, MailRole, string] => [type, role, agencyId]),
  );

  it.each(cases)('%s as %s: Japanese, says where to look, names the subject by id', (type, role, agencyId) => {
    const event = eventOf(type);
    expect(roleOf(event, agencyId)).toBe(role);
    const mail = render(event, viewpoint(agencyId));

    expect(mail.subject).toMatch(/^\[Tsunagu\] /);
    expect(mail.subject).toMatch(JAPANESE);
    expect(mail.subject).not.toContain('\n');
    expect(mail.text).toMatch(new RegExp(`^${NAMES.get(agencyId)} ご担当者様\n`));
    expect(mail.text).toContain(PUBLIC_URL);
    expect(mail.text).toContain(EVENT_ID);
    expect(mail.text).toContain(type);
    expect(mail.text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2} \(JST\)/);
    if (type.startsWith('referral.')) {
      expect(mail.text).toContain(`紹介ID: ${REFERRAL_ID}`);
      expect(mail.text).toContain('緊急度: 緊急');
      expect(mail.subject).toContain('【緊急度: 緊急】');
      expect(mail.text).toContain(`紹介元: ${NAMES.get(SENDER)}`);
      expect(mail.text).toContain(`紹介先: ${NAMES.get(RECIPIENT)}`);
    }
    if (type.startsWith('consent.')) expect(mail.text).toContain(`同意ID: ${CONSENT_ID}`);
    if (type.startsWith('webhook.')) expect(mail.text).toContain(`Webhook ID: ${ENDPOINT_ID}`);
    if (type.startsWith('task.')) expect(mail.text).toContain(`タスクID: ${TASK_ID}`);
    if (type.startsWith('plan.')) expect(mail.text).toContain(`支援計画ID: ${PLAN_ID}`);
    if (type.startsWith('conference.')) {
      expect(mail.text).toContain(`会議ID: ${CONFERENCE_ID}`);
      expect(mail.text).toContain(`主担当機関: ${NAMES.get(SENDER)}`);
    }

    const all = `${mail.subject}\n${mail.text}`;
    for (const value of Object.values(PERSONAL)) expect(all).not.toContain(value);
    expect(all).not.toContain(PERSON_ID);
    expect(all).not.toMatch(/undefined|null|\[object/);
    expect(all).not.toContain('機関名不明');
  });

  it.each([
    ['referral.sent', RECIPIENT, `新しい紹介が届きました（${NAMES.get(SENDER)}から）`],
    ['referral.sent', SENDER, `紹介を送信しました（${NAMES.get(RECIPIENT)}へ）`],
    ['referral.accepted', SENDER, `紹介が受諾されました（${NAMES.get(RECIPIENT)}）`],
    ['referral.declined', SENDER, `紹介が辞退されました（${NAMES.get(RECIPIENT)}）`],
    ['referral.overdue', RECIPIENT, `対応期限を過ぎた紹介があります（${NAMES.get(SENDER)}から）`],
    ['referral.overdue', SENDER, `紹介先の受付期限が過ぎました（${NAMES.get(RECIPIENT)}）`],
    ['referral.escalated', COORDINATOR, `エスカレーション: 対応期限を過ぎた紹介があります（${NAMES.get(RECIPIENT)}）`],
    ['referral.due_soon', RECIPIENT, `受付期限が近づいている紹介があります（${NAMES.get(SENDER)}から）`],
    ['consent.expiring_soon', SENDER, '同意の有効期限が近づいています'],
    ['webhook.disabled', SENDER, 'Webhook 配信を停止しました'],
    ['conference.scheduled', RECIPIENT, `個別支援会議の開催が予定されました（${NAMES.get(SENDER)}）`],
  ] as const)('%s to the %s side says so in the subject', (type, agencyId, title) => {
    const subject = render(eventOf(type), viewpoint(agencyId)).subject;
    expect(subject).toBe(`[Tsunagu] ${type.startsWith('referral.') ? '【緊急度: 緊急】' : ''}${title}`);
  });

  it.each([
    'referral.sent',
    'referral.acknowledged',
    'referral.accepted',
    'referral.declined',
    'referral.started',
    'referral.held',
    'referral.completed',
    'referral.failed',
    'referral.cancelled',
    'referral.forwarded',
    'referral.due_soon',
    'referral.overdue',
  ] as const)('tells the sender and the recipient of %s different things', (type) => {
    const subjects = [SENDER, RECIPIENT, COORDINATOR].map((id) => render(eventOf(type), viewpoint(id)).subject);
    expect(new Set(subjects).size).toBe(3);
  });

  it('tells the owner and the lead of a task different things, naming the owner agency and the due date', () => {
    for (const type of ['task.assigned', 'task.due_soon', 'task.overdue', 'task.completed', 'task.dropped'] as const) {
      const [own, led] = [SENDER, RECIPIENT].map((id) => render(planEvent(type), viewpoint(id)));
      expect(own.subject).not.toBe(led.subject);
    }
    const escalated = render(planEvent('task.escalated'), viewpoint(RECIPIENT));
    expect(escalated.subject).toBe(
      `[Tsunagu] エスカレーション: 期限を過ぎた支援計画のタスクがあります（${NAMES.get(SENDER)}）`,
    );
    expect(escalated.text).toContain('タスクの期限: 2026年1月20日(火)');
    expect(escalated.text).toContain(`主担当機関: ${NAMES.get(RECIPIENT)}`);
  });

  it('names no agency for a task of an informal owner (民生委員, family …), and no person', () => {
    const mail = render(
      planEvent('task.overdue', { ownerAgencyId: null, ownerLabel: '民生委員 佐藤' }),
      viewpoint(RECIPIENT),
    );
    expect(mail.subject).toContain('地域の関係者');
    expect(`${mail.subject}${mail.text}`).not.toContain('佐藤');
    expect(mail.text).not.toContain('機関名不明');
  });

  it('tells a coordinator of an escalation which two agencies and which clock, with the due time in JST', () => {
    const mail = render(referralEvent('referral.escalated', { clock: 'DECISION' }), viewpoint(COORDINATOR));
    expect(mail.text).toContain(`${NAMES.get(SENDER)}から${NAMES.get(RECIPIENT)}への紹介が受否判断期限を過ぎた`);
    expect(mail.text).toContain('期限: 受否判断期限 2026年1月5日(月) 12:30 (JST)');
  });

  it('names the status change and the urgency in Japanese, without an urgency tag for NORMAL', () => {
    const mail = render(
      referralEvent('referral.acknowledged', { urgency: 'NORMAL', clock: undefined, dueAt: undefined }),
      viewpoint(SENDER),
    );
    expect(mail.subject).toBe(`[Tsunagu] 紹介が受け付けられました（${NAMES.get(RECIPIENT)}）`);
    expect(mail.text).toContain('緊急度: 通常');
    expect(mail.text).toContain('状態: 依頼中 → 受付済み');
    expect(mail.text).not.toContain('期限:');
  });

  it('names the author of a message, not its body', () => {
    const mail = render(
      referralEvent('referral.message_posted', { actorAgencyId: SENDER, fromStatus: null, toStatus: null }),
      viewpoint(RECIPIENT),
    );
    expect(mail.subject).toContain(`紹介にメッセージが届きました（${NAMES.get(SENDER)}から）`);
    expect(mail.text).not.toContain(PERSONAL.body);
  });

  it('names a disabled endpoint by its host only, with the count of failed deliveries and how to resume', () => {
    const mail = render(webhookEvent(), viewpoint(SENDER));
    expect(mail.text).toContain(
      '5 件続けて配信できなかったため、Webhook エンドポイント（partner.example.jp）への配信を停止しました',
    );
    expect(mail.text).toContain('updateWebhook');
    expect(mail.text).toContain('日時: 2026年1月5日(月) 09:00 (JST)');
    expect(mail.text).not.toContain('HTTP 500');
    const fromUrl = render(
      webhookEvent({ host: undefined, url: 'https://partner.example.jp/hooks/secret-token-123?sig=abc' }),
      viewpoint(SENDER),
    );
    expect(fromUrl.text).toContain('（partner.example.jp）');
    expect(fromUrl.text).not.toContain('secret-token-123');
    expect(fromUrl.text).not.toContain('sig=abc');
  });

  it('renders an event type this build does not know, generically', () => {
    const mail = render({ ...referralEvent('referral.something_new') }, viewpoint(RECIPIENT));
    expect(mail.subject).toContain('お知らせがあります');
    expect(mail.text).toContain('referral.something_new');
    expect(mail.text).toContain(PUBLIC_URL);
  });

  it('formats times in JST', () => {
    expect(formatJst('2026-01-04T15:30:00.000Z')).toBe('2026年1月5日(月) 00:30 (JST)');
    expect(formatJst('not a time')).toBe('not a time');
  });
});
