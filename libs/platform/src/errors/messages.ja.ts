import { ErrorCode } from './error-code.js';

/**
 * The Japanese error messages, keyed by `extensions.code`. A message is written from the error's extensions
 * (never from values the extensions do not carry), so the specifics of the English message — the field path,
 * the allowed statuses, the missing consent categories, the limits — are in the Japanese one too. The
 * mapped type makes a new `ErrorCode` fail to compile until it has a Japanese message.
 */
export type JapaneseMessage = (extensions: Readonly<Record<string, unknown>>, english: string) => string;

const list = (value: unknown): string | undefined =>
  Array.isArray(value) && value.length > 0 ? value.map(String).join('、') : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;

/** `（項目: input.email）`: the input path an error is about, when it has one. */
const fieldNote = (extensions: Readonly<Record<string, unknown>>): string => {
  const field = text(extensions.field);
  return field ? `（項目: ${field}）` : '';
};

/** `extensions.reason` in Japanese, for the reasons the API gives (docs/errors.md). */
export const JA_REASONS: Readonly<Record<string, string>> = {
  // BAD_USER_INPUT
  NUL_CHARACTER: '文字列に NUL 文字を含めることはできません。',
  LONE_SURROGATE: '文字列に対になっていない UTF-16 サロゲートを含めることはできません。',
  SUBSCRIPTION_OVER_HTTP: 'サブスクリプションは HTTP では実行できません。graphql-ws（WebSocket）で接続してください。',
  NOT_GRAPHQL_SOURCE: 'query が GraphQL の文書として解析できません。',
  MALFORMED_CURSOR: 'このリストが返したカーソルではありません。',
  UNKNOWN_MUNICIPALITY: '全国地方公共団体コードとして登録されていない市区町村コードです（例: 231100）。',
  UNKNOWN_AREA_CODE: '都道府県の地方公共団体コードではありません（例: 愛知県は 230006）。',
  MALFORMED_AREA_CODE: '圏域コードは「<市区町村コード>-<地域ID>」の形で指定してください（例: 231100-TOMITA）。',
  UNKNOWN_NEED_CATEGORY: '不明な相談分野です。needCategories クエリで有効なコードを確認してください。',
  NEED_CATEGORIES_REQUIRED: '相談分野を1つ以上指定してください。',
  MUNICIPALITY_CODES_REQUIRED: '対象とする市区町村を1つ以上指定してください。',
  UNKNOWN_EVENT_TYPE:
    'イベント種別、「<グループ>.*」のパターン、または「*」ではありません（docs/notifications.md を参照）。',
  TOO_MANY_EVENT_TYPES: '指定できるイベント種別・パターンの数を超えています。',
  REVERSED_PERIOD: '期間の開始（from）が終了（to）より後になっています。',
  INVALID_PERIOD: '期間の終了（to）は開始（from）より後にしてください。',
  REVIEW_DATE_PAST: '次回の見直し日に過去の日付は指定できません。',
  UNKNOWN_HEARING_ITEM: 'ヒアリングシートの項目番号は 1 から 13 です。',
  DUPLICATE_ENTRY: '同じ項目が2回回答されています。',
  TOO_MANY_RELATIONS: '1人の本人に登録できる関係の数の上限を超えています。',
  URL_SCHEME: 'URL のスキームが使用できません。',
  URL_USERINFO: 'URL にユーザー名やパスワードを含めることはできません。',
  URL_INVALID: 'URL の形式が正しくありません。',
  URL_TOO_LONG: 'URL が長すぎます。',
  URL_NOT_PUBLIC: 'URL が公開されたアドレスを指していません。',
  URL_UNRESOLVABLE: 'URL のホスト名を解決できません。',
  BLANK: '空白だけの値は指定できません。',
  TOO_LONG: '文字数の上限を超えています。',
  INVALID_DATE: '存在しない日付か、日付の前後関係が正しくありません。',
  COUNCIL_NAME_TAKEN: '同じ名前の協議体がすでにあります。',
  BODY_DISSOLVED: 'この会議体はすでに廃止されています。',
  BODY_NOT_ESTABLISHED: 'この日付には会議体がまだ設置されていません。',
  INVALID_SUCCESSOR: '後継の会議体には、この会議体以外の存続している会議体を指定してください。',
  LAST_SECRETARIAT: '協議体には事務局が少なくとも1つ必要です。',
  OUTSIDE_COUNCIL_AREA: '協議体の区域の外です。',
  NO_EVIDENCE: '関連付ける未充足の項目または辞退された紹介を指定してください。',
  SAME_ISSUE: '地域課題をそれ自身に統合することはできません。',
  DIFFERENT_COUNCILS: '統合できるのは同じ協議体の地域課題だけです。',
  ISSUE_NOT_OPEN: 'この地域課題はすでに検討を終えています。',
  CLOSED_REASON_REQUIRED: '地域課題を終了するには理由が必要です。',
  NOT_CLOSING: '終了理由（closedReason）は CLOSED にするときだけ指定できます。',
  MEETING_REQUIRED: 'この段階に進めるには、それを決めた会議が必要です。',
  MEETING_BODY_MISMATCH: 'この段階はこの種類の会議体の会議では決められません。',
  SAME_BODY: '地域課題はすでにこの専門部会で検討されています。',
  RESOURCE_REQUIRED: 'RESOURCE_DEVELOPED には新しい社会資源（resource）が必要です。',
  RESOURCE_ID_REQUIRED: 'RESOURCE_IMPROVED には改善した社会資源の ID（resourceId）が必要です。',
  RESOURCE_OUTCOME_AMBIGUOUS: '新しく作る社会資源か、改善する社会資源の ID のどちらか一方を指定してください。',
  NOT_A_RESOURCE_OUTCOME: '社会資源を記録できるのは社会資源に関する結果だけです。',
  RESOURCE_CLOSED: 'この社会資源はすでに閉鎖されています。',
  UNKNOWN_RESOURCE_KIND: '不明な社会資源の種類です。',
  RATING_OUT_OF_RANGE: '評価が範囲外です。',
  NOT_AN_UNMET_NEED_DECLINE:
    '根拠にできるのは、資源がないこと（SERVICE_NOT_AVAILABLE、NO_CAPACITY、OUT_OF_AREA）を理由に辞退された紹介だけです。',
  DUPLICATE_AGENCY: '同じ機関が重複して指定されているか、すでに参加しています。',
  ONE_ASSIGNEE: '担当者は1つだけ指定してください。',
  NOT_A_PARTICIPANT: '担当者は会議の参加者から指定してください。',
  NOT_A_CONFERENCE_BASIS:
    '個別支援会議で共有できる根拠は CONSENT、SUPPORT_MEETING、CHILD_PROTECTION_COUNCIL です。緊急時は紹介を使ってください。',
  PASSWORD_TOO_SHORT: 'パスワードは12文字以上にしてください。',
  TOKEN_INVALID: 'このリンクはもう使えません。もう一度、再設定のメールを送ってください。',
  TOTP_INVALID: '確認コードが正しくありません。',
  UNSUPPORTED_MEDIA_TYPE: '本文は application/json で送ってください。',
  // UNAUTHENTICATED
  INVALID_CREDENTIALS: 'メールアドレスまたはパスワードが正しくありません。',
  ACCOUNT_LOCKED:
    'ログインに続けて失敗したため、アカウントを一時的にロックしています。しばらくしてからお試しください。',
  TOTP_REQUIRED: '確認コード（totpCode）を入力してください。',
  SESSION_ENDED: 'ログインの有効期間が終わりました。もう一度ログインしてください。',
  // FORBIDDEN
  CSRF_TOKEN_INVALID: 'このリクエストには、ログイン中のセッションの x-csrf-token ヘッダーが必要です。',
  ACCOUNT_ADMIN_ONLY: '職員アカウントと API キーを管理できるのは、機関管理者とハブ管理者だけです。',
  HUB_ADMIN_ONLY: 'この役割を与えられるのはハブ管理者だけです。',
  AGENCY_REQUIRED: 'この役割の職員は機関に所属します。agencyId を指定してください。',
  STAFF_SESSION_REQUIRED: 'この操作は職員のログインセッションで行ってください。',
  // CONFLICT (staff)
  EMAIL_TAKEN: 'このメールアドレスの職員アカウントはすでにあります。',
  // FORBIDDEN
  AGENCY_KEY_REQUIRED: '機関の API キーで呼び出してください（ハブ管理者のキーでは行えません）。',
  OTHER_AGENCY_STATS: '他の機関の統計は、ハブ管理者またはハブのコーディネーターだけが参照できます。',
  CATEGORY_NOT_DISCLOSED: 'この本人の支援ネットワークは、あなたの機関に共有されていません。',
  SECRETARIAT_ONLY: 'この操作は協議体の事務局だけが行えます。',
  LEAD_AGENCY_ONLY: '個別支援会議を変更できるのは主担当の機関だけです。',
  // CONFLICT
  AGENCY_CODE_TAKEN: 'この機関コードはすでに使われています。',
  IDEMPOTENCY_KEY_REUSED: 'この冪等キーは別のリクエストで使われています。',
  RECIPIENT_NOT_ACCEPTING: '紹介先の機関は現在、紹介を受け付けていません。',
  DELIVERY_PENDING: 'この配信はまだ試行中です。',
  ENDPOINT_DISABLED: 'このエンドポイントは無効です。先に updateWebhook で有効にしてください。',
  RESOURCE_ALREADY_DEVELOPED: 'この地域課題からはすでに社会資源が開発されています。',
  // NOT_FOUND
  NO_MATCHING_AGENCY: '条件に合う機関がありません。',
  // SERVICE_UNAVAILABLE
  DATABASE_UNAVAILABLE: 'データベースを利用できません。何も変更されていません。もう一度送信してください。',
  TRANSACTION_CONFLICT: '同時に行われた変更と競合したため、適用されませんでした。もう一度送信してください。',
  DEPENDENCY_UNAVAILABLE:
    'リクエストに必要なサービスを利用できません。何も変更されていません。もう一度送信してください。',
  OUTCOME_UNKNOWN:
    '変更を確定している途中でデータベースとの接続が切れました。適用されたかどうかは不明です。再送する前に記録を読み直してください。',
  // CONSENT_REQUIRED: `extensions.missing.reason`
  NO_CONSENT_FOR_RECIPIENT: 'この機関への提供について、本人の同意がありません。',
  PURPOSE_NOT_COVERED: '同意がこの目的を含んでいません。',
  CATEGORIES_NOT_COVERED: '同意が一部の情報の区分を含んでいません。',
  CONSENT_EXPIRED: '同意の有効期限が切れています。',
  CONSENT_WITHDRAWN: '同意は撤回されています。',
  NOT_A_MEETING_MEMBER: '提供先の機関がその会議の構成員ではありません。',
  WRONG_MEETING_KIND: 'この法的根拠には別の種類の会議が必要です。',
  JUSTIFICATION_REQUIRED: 'この法的根拠には理由の記載が必要です。',
  NOT_DISCLOSED_TO_SENDER: 'あなたの機関に開示されていない情報は、他の機関に提供できません。',
};

/** Japanese for the class-validator constraints of `extensions.constraint`, with the limit the English gives. */
const CONSTRAINTS: Readonly<Record<string, (limit: string | undefined) => string>> = {
  maxLength: (n) => (n ? `${n} 文字以内で指定してください。` : '文字数の上限を超えています。'),
  minLength: (n) => (n ? `${n} 文字以上で指定してください。` : '文字数が足りません。'),
  arrayMaxSize: (n) => (n ? `指定できるのは ${n} 件までです。` : '件数の上限を超えています。'),
  arrayMinSize: (n) => (n ? `${n} 件以上指定してください。` : '件数が足りません。'),
  min: (n) => (n ? `${n} 以上の値を指定してください。` : '値が小さすぎます。'),
  max: (n) => (n ? `${n} 以下の値を指定してください。` : '値が大きすぎます。'),
  isString: () => '文字列を指定してください。',
  isInt: () => '整数を指定してください。',
  isBoolean: () => '真偽値を指定してください。',
  isUuid: () => 'ID の形式が正しくありません。',
  isEmail: () => 'メールアドレスの形式が正しくありません。',
  isDate: () => '日時を指定してください。',
  isDateString: () => 'ISO 8601 形式の日付を指定してください。',
  isIn: () => '指定できない値です。',
  matches: () => '形式が正しくありません。',
  isResponseDuration: () => '週・日・時間・分で表した正の ISO 8601 期間を指定してください（例: PT4H、P2D）。',
};

/** Reasons whose English message states a limit, read as the constraint that states it alike. */
const LIMITED_REASONS: Readonly<Record<string, string>> = {
  TOO_LONG: 'maxLength',
  TOO_MANY_EVENT_TYPES: 'arrayMaxSize',
  TOO_MANY_RELATIONS: 'arrayMaxSize',
};

/** The figure of a class-validator message (`… must be shorter than or equal to 200 characters`). */
function limitOf(english: string): string | undefined {
  const detail = english.slice(english.lastIndexOf(': ') + 1);
  return /(\d+)\D*$/.exec(detail)?.[1];
}

const reasonNote = (reason: unknown): string => (typeof reason === 'string' ? (JA_REASONS[reason] ?? '') : '');

const ENTITIES: Readonly<Record<string, string>> = {
  Agency: '機関',
  Person: '本人',
  Referral: '紹介',
  Consent: '同意',
  ApiKey: 'API キー',
  CommunityResource: '社会資源',
  SupportMeeting: '支援会議',
  CaseConference: '個別支援会議',
  SupportPlan: '支援計画',
  SupportTask: '支援タスク',
  Council: '協議体',
  CouncilBody: '会議体',
  CouncilMeeting: '協議体の会議',
  CouncilMember: '協議体の構成機関',
  RegionalIssue: '地域課題',
  UnmetItem: '未充足の項目',
  PersonRelation: '本人の関係',
  WebhookEndpoint: 'Webhook エンドポイント',
  WebhookDelivery: 'Webhook の配信',
};

const MEASURES: Readonly<Record<string, string>> = {
  tokens: 'トークン数',
  fields: 'フィールドの選択数',
  aliases: 'エイリアス数',
  rootFields: 'ルートフィールド数',
  repeats: '同じ応答名の繰り返し',
  cost: 'コスト',
};

export const JA_MESSAGES: { readonly [code in ErrorCode]: JapaneseMessage } = {
  [ErrorCode.UNAUTHENTICATED]: (ext) =>
    reasonNote(ext.reason) ||
    '有効な API キーが必要です。「Authorization: Bearer <キー>」ヘッダーで、失効していない API キーを送ってください。',

  [ErrorCode.FORBIDDEN]: (ext) => {
    const scopes = list(ext.missingScopes);
    const fields = list(ext.fields);
    const categories = list(ext.categories);
    return [
      'この操作を行う権限がありません。',
      reasonNote(ext.reason),
      scopes ? `不足しているスコープ: ${scopes}。` : '',
      fields ? `ハブ管理者だけが変更できる項目: ${fields}。` : '',
      categories ? `共有されていない区分: ${categories}。` : '',
      fieldNote(ext),
    ].join('');
  },

  [ErrorCode.NOT_FOUND]: (ext) => {
    const entity = text(ext.entity);
    const what = entity ? `${ENTITIES[entity] ?? entity}（${entity}）` : '対象';
    return `${what}が見つかりません。${reasonNote(ext.reason)}${fieldNote(ext)}`;
  },

  [ErrorCode.BAD_USER_INPUT]: (ext, english) => {
    const reason = text(ext.reason);
    // A reason about a limit gives the figure the English message states, as a class-validator constraint does.
    const constraint = reason ? LIMITED_REASONS[reason] : text(ext.constraint);
    const limit = constraint && CONSTRAINTS[constraint] ? CONSTRAINTS[constraint](limitOf(english)) : '';
    const expected = text(ext.expectedBodyKind);
    const actual = text(ext.actualBodyKind);
    const bodies = expected && actual ? `必要な会議体: ${expected}、指定された会議体: ${actual}。` : '';
    return `入力内容が正しくありません。${reasonNote(reason)}${limit}${bodies}${fieldNote(ext)}`;
  },

  [ErrorCode.CONFLICT]: (ext) => {
    const versions =
      ext.expectedVersion !== undefined
        ? `読み込んだ後に変更されています（指定されたバージョン: ${text(ext.expectedVersion)}${
            ext.currentVersion !== undefined ? `、現在のバージョン: ${text(ext.currentVersion)}` : ''
          }）。読み直してからもう一度送信してください。`
        : '';
    const detail =
      reasonNote(ext.reason) || versions || '他の変更と競合しました。読み直してからもう一度送信してください。';
    return `リクエストを適用できません。${detail}${fieldNote(ext)}`;
  },

  [ErrorCode.CONSENT_REQUIRED]: (ext) => {
    const missing = (ext.missing ?? {}) as Record<string, unknown>;
    const categories = list(missing.categories);
    const purpose = text(missing.purpose);
    const basis = text(missing.legalBasis);
    return [
      'この情報の提供を認める本人の同意または法的根拠がありません。',
      reasonNote(missing.reason),
      categories ? `同意が必要な区分: ${categories}。` : '',
      purpose ? `目的: ${purpose}。` : '',
      basis ? `法的根拠: ${basis}。` : '',
    ].join('');
  },

  [ErrorCode.INVALID_TRANSITION]: (ext) => {
    const current = text(ext.current);
    const attempted = text(ext.attempted);
    const allowed = list(ext.allowed) ?? 'なし';
    const move = current && attempted ? `（現在の状態: ${current}、求められた変更: ${attempted}）` : '';
    return `この状態の変更は許可されていません${move}。次に可能な状態: ${allowed}。`;
  },

  [ErrorCode.RATE_LIMITED]: (ext) => {
    const retryAfter = text(ext.retryAfter);
    const limit = text(ext.limit);
    return [
      'リクエストが多すぎます。',
      limit ? `1つの接続で同時に利用できるのは ${limit} 件までです。` : '',
      retryAfter ? `${retryAfter} 秒後にもう一度お試しください。` : 'しばらくしてからもう一度お試しください。',
    ].join('');
  },

  [ErrorCode.QUERY_TOO_COMPLEX]: (ext) => {
    const measure = text(ext.measure);
    const cost = text(ext.cost);
    const limit = text(ext.limit);
    const what = measure ? (MEASURES[measure] ?? measure) : undefined;
    const figures = what && limit ? `${what}${cost ? ` ${cost}` : ''} が上限 ${limit} を超えています。` : '';
    return `クエリが複雑すぎます。${figures}取得する行数やフィールドを減らしてください。`;
  },

  [ErrorCode.SERVICE_UNAVAILABLE]: (ext) =>
    `サービスを一時的に利用できません。${
      reasonNote(ext.reason) ||
      (ext.retryable === true ? '何も変更されていません。しばらくしてからもう一度送信してください。' : '')
    }`,

  [ErrorCode.CURSOR_EXPIRED]: (ext) => {
    const maxEvents = text(ext.maxEvents);
    const maxAgeDays = text(ext.maxAgeDays);
    const bounds = maxEvents && maxAgeDays ? `（${maxEvents} 件を超えるイベント、または ${maxAgeDays} 日より前）` : '';
    return `カーソルが古すぎるため再開できません${bounds}。after を指定せずに購読し、クエリで追いついてください。${fieldNote(ext)}`;
  },

  [ErrorCode.INTERNAL_SERVER_ERROR]: (ext) => {
    const requestId = text(ext.requestId);
    return `サーバー内部でエラーが発生しました。${requestId ? `（リクエスト ID: ${requestId}）` : ''}`;
  },
};

/**
 * A GraphQL syntax, validation or variable error keeps graphql-js's English (it quotes the document) behind
 * this prefix: the prefix says in Japanese what went wrong and where, the English says exactly how.
 */
export function japaneseRequestErrorMessage(extensions: Readonly<Record<string, unknown>>, english: string): string {
  return `リクエストが GraphQL として正しくありません${fieldNote(extensions)}: ${english}`;
}
