import { type BusEvent, type EventType } from '@tsunagu/platform';

/**
 * E-mail notices: Japanese, plain text, from the receiving agency's point of view. A notice says what happened,
 * to which referral or consent (by id), with which other agency, when (JST), and where to look (PUBLIC_URL).
 * It never carries personal data of the person: the templates read only the payload fields named in
 * `NoticeFacts` (ids, agency ids, urgency, statuses, clock, times), never the payload as a whole, and agency
 * names come from the directory.
 */

/** Who the agency the notice goes to is, for the event. */
export type MailRole =
  /** The referral's sender (from agency). */
  | 'SENDER'
  /** The referral's recipient (to agency). */
  | 'RECIPIENT'
  /** Neither side of the referral: a hub coordinator it was escalated to. */
  | 'COORDINATOR'
  /** The agency that registered the person and recorded the consent. */
  | 'REGISTRANT'
  /** The agency a consent names as recipient. */
  | 'CONSENT_RECIPIENT'
  /** The agency whose webhook endpoint the event is about. */
  | 'ENDPOINT_OWNER'
  /** An agency taking part in a case conference (個別支援会議), the lead included. */
  | 'CONFERENCE_PARTICIPANT'
  /** The agency a support task is assigned to. */
  | 'TASK_OWNER'
  /** The lead agency (主担当) of a person's shared support plan. */
  | 'PLAN_LEAD'
  /** Another agency taking part in the person's support plan. */
  | 'PLAN_PARTICIPANT';

/** The agency a notice is for, and what it needs to read the event. */
export interface MailViewpoint {
  agencyId: string;
  agencyName: string;
  /** Names of the agencies the event names (sender, recipient, consent recipient), by id. */
  agencyNames: ReadonlyMap<string, string>;
  /** Where people look things up (PUBLIC_URL). */
  publicUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

/** The payload fields a notice may use; nothing else of the payload reaches a mail. */
export interface NoticeFacts {
  referralId?: string;
  fromAgencyId?: string;
  toAgencyId?: string;
  actorAgencyId?: string;
  urgency?: string;
  fromStatus?: string;
  toStatus?: string;
  clock?: string;
  dueAt?: string;
  consentId?: string;
  recipientAgencyId?: string;
  expiresAt?: string;
  endpointId?: string;
  /** The endpoint's host (never its path or query, which may hold a token). */
  host?: string;
  url?: string;
  consecutiveDeadLetters?: number;
  disabledAt?: string;
  conferenceId?: string;
  leadAgencyId?: string;
  scheduledAt?: string;
  taskId?: string;
  planId?: string;
  ownerAgencyId?: string;
  /** A task's due date (YYYY-MM-DD, the last day). */
  dueOn?: string;
  /** A plan's next review date (YYYY-MM-DD). */
  nextReviewOn?: string;
  planVersion?: number;
  at?: string;
}

const FACT_KEYS: readonly (keyof NoticeFacts)[] = [
  'referralId',
  'fromAgencyId',
  'toAgencyId',
  'actorAgencyId',
  'urgency',
  'fromStatus',
  'toStatus',
  'clock',
  'dueAt',
  'consentId',
  'recipientAgencyId',
  'expiresAt',
  'endpointId',
  'host',
  'url',
  'disabledAt',
  'conferenceId',
  'leadAgencyId',
  'scheduledAt',
  'taskId',
  'planId',
  'ownerAgencyId',
  'dueOn',
  'nextReviewOn',
  'at',
];

export function factsOf(payload: Record<string, unknown>): NoticeFacts {
  const facts: NoticeFacts = {};
  for (const key of FACT_KEYS) {
    const value = payload[key];
    if (typeof value === 'string' && value.length > 0) (facts as Record<string, string>)[key] = value;
  }
  const count = payload.consecutiveDeadLetters;
  if (typeof count === 'number' && Number.isInteger(count) && count > 0) facts.consecutiveDeadLetters = count;
  const planVersion = payload.planVersion;
  if (typeof planVersion === 'number' && Number.isInteger(planVersion) && planVersion > 0) {
    facts.planVersion = planVersion;
  }
  return facts;
}

/** The agency ids a notice names (whose names the renderer needs). */
export function agencyIdsNamedBy(event: BusEvent): string[] {
  const facts = factsOf(event.payload);
  return [
    facts.fromAgencyId,
    facts.toAgencyId,
    facts.actorAgencyId,
    facts.recipientAgencyId,
    facts.ownerAgencyId,
    facts.leadAgencyId,
  ].filter((id): id is string => id !== undefined);
}

export function roleOf(event: BusEvent, agencyId: string): MailRole {
  const facts = factsOf(event.payload);
  if (event.type.startsWith('consent.')) {
    return facts.recipientAgencyId === agencyId ? 'CONSENT_RECIPIENT' : 'REGISTRANT';
  }
  if (event.type.startsWith('webhook.')) return 'ENDPOINT_OWNER';
  if (event.type.startsWith('conference.')) return 'CONFERENCE_PARTICIPANT';
  if (event.type.startsWith('task.') || event.type.startsWith('plan.')) {
    if (event.type.startsWith('task.') && facts.ownerAgencyId === agencyId) return 'TASK_OWNER';
    return facts.leadAgencyId === agencyId ? 'PLAN_LEAD' : 'PLAN_PARTICIPANT';
  }
  if (facts.toAgencyId === agencyId) return 'RECIPIENT';
  if (facts.fromAgencyId === agencyId) return 'SENDER';
  return 'COORDINATOR';
}

export const URGENCY_JA: Record<string, string> = { EMERGENCY: '緊急', HIGH: '高', NORMAL: '通常', LOW: '低' };

export const STATUS_JA: Record<string, string> = {
  DRAFT: '下書き',
  REQUESTED: '依頼中',
  RECEIVED: '受付済み',
  ACCEPTED: '受諾',
  REJECTED: '辞退',
  IN_PROGRESS: '支援中',
  ON_HOLD: '保留中',
  COMPLETED: '完了',
  CANCELLED: '取消',
  FAILED: '不成立',
};

/** The SLA clocks: acknowledging receipt, and deciding to accept or decline. */
export const CLOCK_JA: Record<string, string> = { ACKNOWLEDGE: '受付', DECISION: '受否判断' };

const JST = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const JST_DAY = new Intl.DateTimeFormat('ja-JP', {
  timeZone: 'UTC',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  weekday: 'short',
});

/** A calendar date (YYYY-MM-DD), e.g. `2026年1月5日(月)`; an unreadable date as it came. */
export function formatDateJa(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) ? JST_DAY.format(date) : day;
}

/** e.g. `2026年1月5日(月) 09:00 (JST)`; an unreadable time as it came. */
export function formatJst(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${JST.format(date)} (JST)`;
}

const UNKNOWN_AGENCY = '（機関名不明）';

interface NoticeContext {
  role: MailRole;
  facts: NoticeFacts;
  /** The referral's sender and recipient, by name. */
  from: string;
  to: string;
  /** The other side of the referral from the viewpoint (the acting agency for a coordinator). */
  other: string;
  /** The clock an SLA notice is about, e.g. 受付期限. */
  deadline: string;
  /** A support task's owner agency, by name. */
  owner: string;
  /** A case conference's or support plan's lead agency (主担当), by name. */
  lead: string;
}

interface Notice {
  title: string;
  lead: string;
}

type NoticeTemplate = (context: NoticeContext) => Notice;

/** Sender, recipient, or anyone else (a coordinator): the same happening, told from each side. */
function bySide(sender: Notice, recipient: Notice, others: Notice): (context: NoticeContext) => Notice {
  return ({ role }) => (role === 'SENDER' ? sender : role === 'RECIPIENT' ? recipient : others);
}

const REFERRAL_NOTICES: Record<Extract<EventType, `referral.${string}`>, NoticeTemplate> = {
  'referral.created': (c) => ({
    title: '紹介の下書きが作成されました',
    lead: `${c.to}宛ての紹介が下書きとして作成されました。まだ送信されていません。`,
  }),
  'referral.routed': (c) => ({
    title: `紹介先が決まりました（${c.to}）`,
    lead: `分野を指定した紹介の紹介先が${c.to}に決まりました。`,
  }),
  'referral.sent': (c) =>
    bySide(
      { title: `紹介を送信しました（${c.to}へ）`, lead: `${c.to}へ紹介を送信しました。先方の受付をお待ちください。` },
      {
        title: `新しい紹介が届きました（${c.from}から）`,
        lead: `${c.from}から新しい紹介が届きました。Tsunagu で内容を確認し、受付と受諾・辞退の判断をお願いします。`,
      },
      { title: '紹介が送信されました', lead: `${c.from}から${c.to}へ紹介が送信されました。` },
    )(c),
  'referral.acknowledged': (c) =>
    bySide(
      { title: `紹介が受け付けられました（${c.to}）`, lead: `${c.to}が紹介を受け付けました。` },
      { title: '紹介を受け付けました', lead: `${c.from}からの紹介を受け付けました。受諾・辞退の判断をお願いします。` },
      { title: '紹介が受け付けられました', lead: `${c.from}から${c.to}への紹介が受け付けられました。` },
    )(c),
  'referral.accepted': (c) =>
    bySide(
      { title: `紹介が受諾されました（${c.to}）`, lead: `${c.to}が紹介を受諾しました。` },
      { title: '紹介を受諾しました', lead: `${c.from}からの紹介を受諾しました。` },
      { title: '紹介が受諾されました', lead: `${c.from}から${c.to}への紹介が受諾されました。` },
    )(c),
  'referral.declined': (c) =>
    bySide(
      {
        title: `紹介が辞退されました（${c.to}）`,
        lead: `${c.to}が紹介を辞退しました。理由は Tsunagu で確認できます。必要に応じて、ほかの機関への転送をご検討ください。`,
      },
      { title: '紹介を辞退しました', lead: `${c.from}からの紹介を辞退しました。` },
      { title: '紹介が辞退されました', lead: `${c.from}から${c.to}への紹介が辞退されました。` },
    )(c),
  'referral.started': (c) =>
    bySide(
      { title: `支援が開始されました（${c.to}）`, lead: `${c.to}が紹介に基づく支援を開始しました。` },
      { title: '支援を開始しました', lead: `${c.from}からの紹介に基づく支援を開始しました。` },
      { title: '支援が開始されました', lead: `${c.from}から${c.to}への紹介に基づく支援が開始されました。` },
    )(c),
  'referral.held': (c) =>
    bySide(
      {
        title: `紹介が保留になりました（${c.to}）`,
        lead: `${c.to}が紹介を保留にしました。経緯は Tsunagu で確認できます。`,
      },
      { title: '紹介を保留にしました', lead: `${c.from}からの紹介を保留にしました。` },
      { title: '紹介が保留になりました', lead: `${c.from}から${c.to}への紹介が保留になりました。` },
    )(c),
  'referral.completed': (c) =>
    bySide(
      {
        title: `支援が完了しました（${c.to}）`,
        lead: `${c.to}が紹介に基づく支援の完了を報告しました。結果は Tsunagu で確認できます。`,
      },
      { title: '支援の完了を報告しました', lead: `${c.from}からの紹介について、支援の完了を報告しました。` },
      { title: '支援が完了しました', lead: `${c.from}から${c.to}への紹介に基づく支援が完了しました。` },
    )(c),
  'referral.failed': (c) =>
    bySide(
      {
        title: `紹介が不成立になりました（${c.to}）`,
        lead: `${c.to}が紹介を不成立としました。理由は Tsunagu で確認できます。`,
      },
      { title: '紹介を不成立としました', lead: `${c.from}からの紹介を不成立としました。` },
      { title: '紹介が不成立になりました', lead: `${c.from}から${c.to}への紹介が不成立になりました。` },
    )(c),
  'referral.cancelled': (c) =>
    bySide(
      { title: '紹介を取り消しました', lead: `${c.to}への紹介を取り消しました。` },
      { title: `紹介が取り消されました（${c.from}）`, lead: `${c.from}が紹介を取り消しました。対応は不要です。` },
      { title: '紹介が取り消されました', lead: `${c.from}から${c.to}への紹介が取り消されました。` },
    )(c),
  'referral.forwarded': (c) =>
    bySide(
      { title: '辞退された紹介を転送しました', lead: `${c.to}に辞退された紹介を、別の機関へ転送しました。` },
      {
        title: `辞退した紹介が転送されました（${c.from}）`,
        lead: `辞退した紹介を、${c.from}が別の機関へ転送しました。`,
      },
      { title: '紹介が転送されました', lead: `${c.from}が、${c.to}に辞退された紹介を別の機関へ転送しました。` },
    )(c),
  'referral.consent_withdrawn': (c) => ({
    title: '紹介の根拠となる同意が撤回されました',
    lead: `${c.from}から${c.to}への紹介が根拠としていた本人の同意が撤回されました。共有された情報の扱いを Tsunagu で確認してください。`,
  }),
  'referral.due_soon': (c) =>
    bySide(
      {
        title: `紹介先の${c.deadline}期限が近づいています`,
        lead: `${c.to}への紹介の${c.deadline}期限が近づいています。`,
      },
      {
        title: `${c.deadline}期限が近づいている紹介があります（${c.from}から）`,
        lead: `${c.from}からの紹介の${c.deadline}期限が近づいています。期限までに対応をお願いします。`,
      },
      {
        title: `${c.deadline}期限が近づいている紹介があります`,
        lead: `${c.from}から${c.to}への紹介の${c.deadline}期限が近づいています。`,
      },
    )(c),
  'referral.overdue': (c) =>
    bySide(
      {
        title: `紹介先の${c.deadline}期限が過ぎました（${c.to}）`,
        lead: `${c.to}への紹介が${c.deadline}期限を過ぎました。必要に応じて先方に状況をご確認ください。`,
      },
      {
        title: `対応期限を過ぎた紹介があります（${c.from}から）`,
        lead: `${c.from}からの紹介が${c.deadline}期限を過ぎました。至急対応をお願いします。`,
      },
      {
        title: '対応期限を過ぎた紹介があります',
        lead: `${c.from}から${c.to}への紹介が${c.deadline}期限を過ぎました。`,
      },
    )(c),
  'referral.escalated': (c) => ({
    title: `エスカレーション: 対応期限を過ぎた紹介があります（${c.to}）`,
    lead:
      c.role === 'COORDINATOR'
        ? `${c.from}から${c.to}への紹介が${c.deadline}期限を過ぎたため、地域の調整役としてお知らせします。状況の確認と必要な調整をお願いします。`
        : `${c.from}から${c.to}への紹介が${c.deadline}期限を過ぎたため、地域の基幹相談支援センター等にエスカレーションされました。`,
  }),
  'referral.consent_expired': (c) => ({
    title: '紹介の根拠となる同意が有効期限を迎えました',
    lead: `${c.from}から${c.to}への紹介が根拠としていた本人の同意が有効期限を迎えました。本人の情報は、改めて同意を得るまで表示が制限されます。`,
  }),
  'referral.message_posted': (c) => ({
    title: `紹介にメッセージが届きました（${c.other}から）`,
    lead: `${c.other}から紹介にメッセージが届きました。本文は Tsunagu でご確認ください（メールには記載しません）。`,
  }),
};

const OTHER_NOTICES: Record<
  Exclude<EventType, `referral.${string}` | `task.${string}` | `plan.${string}`>,
  NoticeTemplate
> = {
  'consent.recorded': (c) =>
    c.role === 'CONSENT_RECIPIENT'
      ? {
          title: '貴機関を提供先とする同意が記録されました',
          lead: '本人の情報を貴機関に提供することについての同意が記録されました。',
        }
      : { title: '同意を記録しました', lead: '本人の同意を記録しました。' },
  'consent.expiring_soon': (c) => ({
    title: '同意の有効期限が近づいています',
    lead: `本人の同意の有効期限${c.facts.expiresAt ? `（${formatJst(c.facts.expiresAt)}）` : ''}が14日以内に迫っています。引き続き情報を共有する必要があれば、本人に改めて同意を確認してください。`,
  }),
  'consent.expired': (c) => ({
    title: '同意の有効期限が切れました',
    lead:
      c.role === 'CONSENT_RECIPIENT'
        ? '貴機関を提供先とする本人の同意が有効期限を迎えました。本人の情報は、改めて同意を得るまで表示が制限されます。'
        : '本人の同意が有効期限を迎えました。この同意に基づく紹介には、その旨が記録されます。',
  }),
  'consent.withdrawn': (c) => ({
    title: '同意が撤回されました',
    lead:
      c.role === 'CONSENT_RECIPIENT'
        ? '貴機関を提供先とする本人の同意が撤回されました。本人の情報は、この時点から表示が制限されます。'
        : '本人の同意の撤回を記録しました。この同意に基づく進行中の紹介には、その旨が記録されます。',
  }),
  'webhook.disabled': (c) => ({
    title: 'Webhook 配信を停止しました',
    lead:
      `${c.facts.consecutiveDeadLetters ? `${c.facts.consecutiveDeadLetters} 件続けて配信できなかったため` : '配信の失敗が続いたため'}、` +
      `Webhook エンドポイント${hostOf(c.facts)}への配信を停止しました。受信側を確認のうえ、Webhook を有効に戻してください` +
      '（updateWebhook で enabled: true）。停止中のイベントは webhookDeliveries で確認し、redeliverWebhook で再送できます。',
  }),
  'conference.scheduled': (c) => ({
    title: `個別支援会議の開催が予定されました（${c.lead}）`,
    lead: `${c.lead}が主担当として個別支援会議を予定し、貴機関が参加機関になりました。日時・場所と共有される情報は Tsunagu でご確認ください。`,
  }),
  'conference.agency_added': (c) => ({
    title: `個別支援会議に参加機関が加わりました（${c.lead}）`,
    lead: `${c.lead}が主担当の個別支援会議に参加機関が加わりました。参加機関の一覧は Tsunagu でご確認ください。`,
  }),
  'conference.cancelled': (c) => ({
    title: `個別支援会議が中止されました（${c.lead}）`,
    lead: `${c.lead}が主担当の個別支援会議が中止されました。`,
  }),
  'conference.recorded': (c) => ({
    title: `個別支援会議の記録が確定しました（${c.lead}）`,
    lead: `${c.lead}が主担当の個別支援会議の記録（共有した情報・方向性・計画・役割分担）が確定しました。記録は Tsunagu でご確認ください（メールには記載しません）。`,
  }),
};

/** The task's due date in words, for a lead: ` (期限 2026年1月5日(月))`. */
function dueOf(facts: NoticeFacts): string {
  return facts.dueOn ? `（期限 ${formatDateJa(facts.dueOn)}）` : '';
}

const PLAN_NOTICES: Record<Extract<EventType, `task.${string}` | `plan.${string}`>, NoticeTemplate> = {
  'task.assigned': (c) =>
    c.role === 'TASK_OWNER'
      ? {
          title: '支援計画の役割分担が割り当てられました',
          lead: `個別支援会議の役割分担で、貴機関に支援計画のタスクが割り当てられました${dueOf(c.facts)}。内容は Tsunagu でご確認ください。`,
        }
      : {
          title: `支援計画のタスクを割り当てました（${c.owner}）`,
          lead: `個別支援会議の役割分担に基づき、${c.owner}に支援計画のタスクが割り当てられました${dueOf(c.facts)}。`,
        },
  'task.due_soon': (c) =>
    c.role === 'TASK_OWNER'
      ? {
          title: '支援計画のタスクの期限が近づいています',
          lead: `貴機関が担当する支援計画のタスクの期限が近づいています${dueOf(c.facts)}。完了したら completeSupportTask で記録してください。`,
        }
      : {
          title: `支援計画のタスクの期限が近づいています（${c.owner}）`,
          lead: `${c.owner}が担当する支援計画のタスクの期限が近づいています${dueOf(c.facts)}。必要に応じて担当者に状況をご確認ください。`,
        },
  'task.overdue': (c) =>
    c.role === 'TASK_OWNER'
      ? {
          title: '支援計画のタスクが期限を過ぎました',
          lead: `貴機関が担当する支援計画のタスクが期限を過ぎました${dueOf(c.facts)}。対応をお願いします。実施しない場合は理由を添えて dropSupportTask で記録してください。`,
        }
      : {
          title: `支援計画のタスクが期限を過ぎました（${c.owner}）`,
          lead: `${c.owner}が担当する支援計画のタスクが期限を過ぎました${dueOf(c.facts)}。`,
        },
  'task.escalated': (c) => ({
    title: `エスカレーション: 期限を過ぎた支援計画のタスクがあります（${c.owner}）`,
    lead:
      c.role === 'PLAN_LEAD'
        ? `${c.owner}が担当する支援計画のタスクが期限を過ぎたまま完了していないため、主担当機関としてお知らせします${dueOf(c.facts)}。状況の確認と、必要に応じて個別支援会議での見直しをお願いします。`
        : `期限を過ぎたまま完了していない支援計画のタスクについて、主担当機関（${c.lead}）にお知らせしました${dueOf(c.facts)}。`,
  }),
  'task.completed': (c) =>
    c.role === 'TASK_OWNER'
      ? {
          title: '支援計画のタスクの完了を記録しました',
          lead: '貴機関が担当する支援計画のタスクの完了を記録しました。',
        }
      : {
          title: `支援計画のタスクが完了しました（${c.owner}）`,
          lead: `${c.owner}が担当する支援計画のタスクが完了しました。`,
        },
  'task.dropped': (c) =>
    c.role === 'TASK_OWNER'
      ? {
          title: '支援計画のタスクが取りやめになりました',
          lead: '貴機関が担当する支援計画のタスクが取りやめになりました。理由は Tsunagu で確認できます。',
        }
      : {
          title: `支援計画のタスクが取りやめになりました（${c.owner}）`,
          lead: `${c.owner}が担当する支援計画のタスクが取りやめになりました。理由は Tsunagu で確認できます。`,
        },
  'plan.revised': (c) => ({
    title: '共有支援計画が改訂されました',
    lead: `個別支援会議の記録に基づき、共有支援計画が改訂されました${c.facts.planVersion ? `（第${c.facts.planVersion}版）` : ''}。変更点は Tsunagu の supportPlan で確認できます。`,
  }),
  'plan.review_scheduled': (c) => ({
    title: '共有支援計画の見直し日が設定されました',
    lead: c.facts.nextReviewOn
      ? `共有支援計画の次回見直し日（モニタリング）が${formatDateJa(c.facts.nextReviewOn)}に設定されました。`
      : '共有支援計画の次回見直し日（モニタリング）の設定が解除されました。',
  }),
  'plan.review_due': (c) => ({
    title: '共有支援計画の見直し日を過ぎました',
    lead: `共有支援計画の見直し日（モニタリング）${c.facts.nextReviewOn ? `（${formatDateJa(c.facts.nextReviewOn)}）` : ''}を過ぎました。主担当機関として、関係機関と計画の見直しをお願いします。`,
  }),
};

/** An endpoint by its host only: a webhook URL's path or query may hold a token. */
function hostOf(facts: NoticeFacts): string {
  if (facts.host) return `（${facts.host}）`;
  if (!facts.url) return '';
  try {
    return `（${new URL(facts.url).host}）`;
  } catch {
    return '';
  }
}

const NOTICES: Record<EventType, NoticeTemplate> = { ...REFERRAL_NOTICES, ...OTHER_NOTICES, ...PLAN_NOTICES };

function templateOf(type: string): NoticeTemplate {
  return (
    (NOTICES as Record<string, NoticeTemplate>)[type] ??
    (() => ({ title: 'お知らせがあります', lead: `Tsunagu でイベント（${type}）が発生しました。` }))
  );
}

/** A notice of `event` for the agency of `viewpoint`: Japanese subject and plain-text body, no personal data. */
export function render(event: BusEvent, viewpoint: MailViewpoint): RenderedMail {
  const facts = factsOf(event.payload);
  const role = roleOf(event, viewpoint.agencyId);
  const nameOf = (id: string | undefined) => (id ? (viewpoint.agencyNames.get(id) ?? UNKNOWN_AGENCY) : UNKNOWN_AGENCY);
  const from = nameOf(facts.fromAgencyId);
  const to = nameOf(facts.toAgencyId);
  const other =
    role === 'SENDER' ? to : role === 'RECIPIENT' ? from : facts.actorAgencyId ? nameOf(facts.actorAgencyId) : from;
  const deadline = CLOCK_JA[facts.clock ?? ''] ?? '対応';
  // A task of an informal participant (民生委員, family …) names no agency; its name is not for a mail.
  const owner = facts.ownerAgencyId ? nameOf(facts.ownerAgencyId) : '地域の関係者';
  const lead = nameOf(facts.leadAgencyId);
  const notice = templateOf(event.type)({ role, facts, from, to, other, deadline, owner, lead });

  const urgency = facts.urgency ? (URGENCY_JA[facts.urgency] ?? facts.urgency) : undefined;
  const tag = facts.urgency === 'EMERGENCY' || facts.urgency === 'HIGH' ? `【緊急度: ${urgency}】` : '';
  const subject = `[Tsunagu] ${tag}${notice.title}`;

  const details: [string, string | undefined][] = [
    ['紹介ID', facts.referralId],
    ['同意ID', facts.consentId],
    ['Webhook ID', facts.endpointId],
    ['会議ID', facts.conferenceId],
    ['主担当機関', facts.leadAgencyId ? lead : undefined],
    ['開催予定', facts.scheduledAt ? formatJst(facts.scheduledAt) : undefined],
    ['支援計画ID', facts.planId],
    ['タスクID', facts.taskId],
    ['担当機関', facts.ownerAgencyId ? owner : undefined],
    ['タスクの期限', facts.dueOn ? formatDateJa(facts.dueOn) : undefined],
    ['次回見直し日', facts.nextReviewOn ? formatDateJa(facts.nextReviewOn) : undefined],
    ['緊急度', urgency],
    ['紹介元', facts.fromAgencyId ? from : undefined],
    ['紹介先', facts.toAgencyId ? to : undefined],
    ['提供先', facts.recipientAgencyId ? nameOf(facts.recipientAgencyId) : undefined],
    [
      '状態',
      facts.toStatus
        ? `${facts.fromStatus ? `${STATUS_JA[facts.fromStatus] ?? facts.fromStatus} → ` : ''}${STATUS_JA[facts.toStatus] ?? facts.toStatus}`
        : undefined,
    ],
    ['期限', facts.dueAt ? `${deadline}期限 ${formatJst(facts.dueAt)}` : undefined],
    ['同意の有効期限', facts.expiresAt ? formatJst(facts.expiresAt) : undefined],
    ['日時', formatJst(facts.at ?? facts.disabledAt ?? event.occurredAt)],
  ];

  const text = [
    `${viewpoint.agencyName} ご担当者様`,
    '',
    notice.lead,
    '',
    '■ 内容',
    ...details.filter((entry): entry is [string, string] => entry[1] !== undefined).map(([k, v]) => `  ${k}: ${v}`),
    '',
    '■ 確認先',
    `  ${viewpoint.publicUrl}`,
    '  詳しい内容は Tsunagu でご確認ください。このメールには本人の個人情報を記載していません。',
    '',
    '--',
    'このメールは Tsunagu（つなぐ）から自動送信しています。返信いただいても届きません。',
    `イベント: ${event.type} / ${event.id}`,
    'メールで受け取るお知らせは、API の setNotificationPreferences（チャネル EMAIL）で変更できます。',
    '',
  ].join('\n');

  return { subject, text };
}
