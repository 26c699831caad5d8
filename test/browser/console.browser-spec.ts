import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { agencyInput, createAgency, type TestAgency } from '../support/builders.js';
import { CREATE_REFERRAL, dataOf, recordConsent, referralInput, registerPerson } from '../support/referral-builders.js';
import { startTestApp, uniqueSuffix, type TestApp } from '../support/test-app.js';
import { launchChromium } from './chromium.js';

const root = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** `CONSOLE_SCREENSHOTS=docs/console` writes the screenshots docs/console.md shows. */
const SCREENSHOTS = process.env.CONSOLE_SCREENSHOTS;
const PASSWORD = 'browser test passphrase';

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * The agency console in a real Chromium against the real API, PostgreSQL and Redis: two agencies' caseworkers
 * in two browser contexts run referrals from a new person to completion and to a decline, a withdrawal masks the
 * person, the dashboard shows numbers, another agency's referral is a not-found page, and axe finds no serious
 * violation on any screen.
 */
describe('The agency console in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let sender: TestAgency;
  let recipient: TestAgency;
  let stranger: TestAgency;
  let recipientName: string;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const outside: string[] = [];

  beforeAll(async () => {
    if (!existsSync(path.join(root, 'dist/console/index.html'))) {
      const built = spawnSync(
        process.execPath,
        [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/console/vite.config.ts'],
        { cwd: root, stdio: 'inherit' },
      );
      if (built.status !== 0) throw new Error('building the console failed');
    }
    // Cells of two referrals are shown (the default of 5 would hide this file's few).
    t = await startTestApp({ STATS_RESPONSE_MIN_CELL: '2' });
    const suffix = uniqueSuffix();
    recipientName = `すまい試験センター ${suffix}`;
    sender = await createAgency(t, agencyInput({ name: `くらし試験センター ${suffix}` }));
    recipient = await createAgency(
      t,
      agencyInput({ name: recipientName, sector: 'HOUSING', kind: '居住支援法人', needCategories: ['HOUSING'] }),
    );
    stranger = await createAgency(t, agencyInput({ name: `よその試験センター ${suffix}` }));
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await t?.close();
  });

  /** A caseworker account of an agency, its password chosen through the set-up token. */
  async function staffOf(agency: TestAgency, role = 'CASEWORKER'): Promise<string> {
    const email = `staff-${uniqueSuffix().toLowerCase()}@example.org`;
    const created = await t.gql<{ createStaffMember: { setupToken: string } }>(
      'mutation ($input: CreateStaffMemberInput!) { createStaffMember(input: $input) { setupToken } }',
      { variables: { input: { email, displayName: `相談員 ${agency.code}`, role, agencyId: agency.id } } },
    );
    const { setupToken } = dataOf(created, 'createStaffMember').createStaffMember;
    const confirmed = await fetch(`${t.url}/auth/password-reset/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: setupToken, newPassword: PASSWORD }),
    });
    expect(confirmed.status).toBe(200);
    return email;
  }

  /** A browser context (its own cookies) with nothing reachable but loopback, signed in as a new staff member. */
  async function signedIn(agency: TestAgency, role = 'CASEWORKER'): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    contexts.push(context);
    await context.route('**/*', async (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${t.url}/console/`);
    await page.getByLabel('メールアドレス').fill(await staffOf(agency, role));
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: '紹介の一覧' }).waitFor();
    return page;
  }

  /** axe-core on the page as it is now: WCAG 2.0/2.1 A and AA; serious and critical violations only. */
  async function seriousViolations(page: Page, screen: string): Promise<string[]> {
    await page.evaluate(AXE_SOURCE);
    // Runs in the page, where axe-core was just defined.
    const violations = await page.evaluate<AxeViolation[]>(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
        .then((result) => result.violations)`,
    );
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${screen}: ${violation.id} (${violation.help}) at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
      );
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    if (!SCREENSHOTS) return;
    mkdirSync(path.resolve(root, SCREENSHOTS), { recursive: true });
    await page.screenshot({ path: path.resolve(root, SCREENSHOTS, `${name}.png`), fullPage: false });
  }

  /** A person of the sender's with a consent to the recipient, and a referral sent to it through the API. */
  async function sentReferral(
    categories = ['IDENTITY', 'CONTACT'],
  ): Promise<{ personId: string; referralId: string; consentId: string }> {
    const personId = await registerPerson(t, sender, {
      familyName: '佐藤',
      givenName: `一郎${uniqueSuffix().slice(0, 3)}`,
    });
    const consentId = await recordConsent(t, sender, {
      personId,
      recipientAgencyId: recipient.id,
      dataCategories: categories,
      obtainedAt: new Date().toISOString(),
    });
    const created = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: { ...referralInput(personId, recipient.id, { sharedCategories: categories }), send: true } },
      key: sender.key,
    });
    return { personId, consentId, referralId: dataOf(created, 'createReferral').createReferral.id };
  }

  it('runs a referral from a new person through the consent gate to completion, the other agency seeing it live', async () => {
    const senderPage = await signedIn(sender);
    const recipientPage = await signedIn(recipient);

    // The sender registers the person and drafts the referral.
    await senderPage.getByRole('link', { name: '新しい紹介' }).first().click();
    await senderPage.getByRole('heading', { name: '新しい紹介', level: 1 }).waitFor();
    await senderPage.getByLabel('氏（必須）').fill('山田');
    await senderPage.getByLabel('名（必須）').fill('花子');
    await senderPage.getByLabel('住んでいる市区町村のコード（6けた）').fill('231100');
    await senderPage.getByRole('button', { name: '本人を登録する' }).click();
    await senderPage
      .getByText(/^選んだ本人：/)
      .first()
      .waitFor();

    await senderPage.getByRole('checkbox', { name: '住まい', exact: true }).check();
    await senderPage
      .getByLabel('紹介の内容（必須。相手の機関に伝えたいこと）')
      .fill('家賃の滞納が3か月。住まいの相談をお願いします。');
    await senderPage.getByRole('button', { name: '紹介先の候補を探す' }).click();
    await senderPage.getByRole('radio', { name: new RegExp(recipientName) }).check();
    await screenshot(senderPage, 'new-referral');
    await senderPage.getByRole('button', { name: '紹介を作成して送る' }).click();

    // No consent yet: the gate says what is missing in words and records the consent on the spot.
    await senderPage.getByRole('heading', { name: '本人の同意が足りません' }).waitFor();
    await senderPage
      .getByText('この紹介先（またはその分野）に情報を伝えることへの、本人の同意がありません。')
      .waitFor();
    await screenshot(senderPage, 'consent-gate');
    await senderPage.getByLabel('同意の記録の場所（例：同意書の番号、保管場所）').fill('同意書 第12号（相談室の書庫）');
    await senderPage.getByRole('button', { name: '同意を記録する' }).click();
    await senderPage.getByText('同意を記録しました。もう一度送信してください。').waitFor();
    await senderPage.getByRole('button', { name: 'もう一度送信する' }).click();
    // Sent: the sender is taken to the referral, now requested (依頼中), with the send in its history.
    await senderPage.getByRole('heading', { name: /^紹介：住まい/ }).waitFor();
    await senderPage.getByText('送信（下書き → 依頼中）').waitFor();

    // The recipient's inbox shows it without a reload (the referralEvents subscription).
    const row = recipientPage.getByRole('row').filter({ hasText: '山田' });
    await row.waitFor({ timeout: 15_000 });
    await recipientPage.getByText(/^新しい動きがあったので、一覧を更新しました/).waitFor();
    await screenshot(recipientPage, 'inbox');
    await row.getByRole('link').first().click();
    await recipientPage.getByRole('heading', { name: '次にできること' }).waitFor();
    await screenshot(recipientPage, 'referral');

    for (const action of ['受ける', '支援を始める']) {
      await recipientPage.getByRole('button', { name: action, exact: true }).click();
      await recipientPage.getByRole('button', { name: /^確定する/ }).click();
      await recipientPage.getByText(`「${action}」を行いました。`).waitFor();
    }
    await recipientPage.getByRole('button', { name: '完了にする', exact: true }).click();
    await recipientPage
      .getByLabel('結果（必須。どんな支援をして、どうなったか）')
      .fill('公営住宅の申込みを支援し、入居が決まった。');
    await recipientPage.getByRole('button', { name: /^確定する/ }).click();
    await recipientPage.getByText('「完了にする」を行いました。').waitFor();
    // Only the moves the status allows: nothing is left for a completed referral.
    await recipientPage.getByText('この状態では、あなたの機関ができる操作はありません。').waitFor();

    // The sender's outbox shows the completed referral.
    await senderPage.goto(`${t.url}/console/`);
    await senderPage.getByRole('tab', { name: '送信（送った紹介）' }).click();
    await senderPage.getByRole('row').filter({ hasText: '山田' }).filter({ hasText: '完了' }).waitFor();
    expect(pageErrors).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('declines a referral with a reason code, which the sender then sees', async () => {
    const { referralId } = await sentReferral();
    const recipientPage = await signedIn(recipient);
    await recipientPage.goto(`${t.url}/console/referrals/${referralId}`);
    await recipientPage.getByRole('button', { name: '断る', exact: true }).click();
    await recipientPage.getByLabel('断る理由').selectOption('NO_CAPACITY');
    await recipientPage.getByRole('button', { name: /^確定する/ }).click();
    await recipientPage.getByText('「断る」を行いました。').waitFor();

    const senderPage = await signedIn(sender);
    await senderPage.goto(`${t.url}/console/referrals/${referralId}`);
    await senderPage.getByText('辞退').first().waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('masks the person as outside the consent once the consent is withdrawn', async () => {
    const { referralId, personId } = await sentReferral(['IDENTITY', 'CONTACT']);
    const recipientPage = await signedIn(recipient);
    await recipientPage.goto(`${t.url}/console/referrals/${referralId}`);
    await recipientPage.getByText('佐藤', { exact: false }).first().waitFor();
    expect(await recipientPage.getByText('同意の範囲外').count()).toBeGreaterThan(0);

    const senderPage = await signedIn(sender);
    await senderPage.goto(`${t.url}/console/persons/${personId}`);
    await senderPage
      .getByRole('button', { name: /^同意を撤回する/ })
      .first()
      .click();
    await senderPage.getByLabel('撤回の理由').fill('本人から電話で撤回の申し出');
    await senderPage.getByRole('button', { name: '撤回する', exact: true }).click();
    await senderPage.getByText('撤回').first().waitFor();
    await screenshot(senderPage, 'person');

    await recipientPage.reload();
    await recipientPage.getByText('本人が同意を取り消しました。').first().waitFor();
    expect(await recipientPage.getByText('佐藤').count()).toBe(0);
    await screenshot(recipientPage, 'referral-masked');
  });

  it('shows another agency’s referral as a not-found page, not as a forbidden one', async () => {
    const { referralId } = await sentReferral();
    const strangerPage = await signedIn(stranger);
    await strangerPage.goto(`${t.url}/console/referrals/${referralId}`);
    await strangerPage.getByRole('heading', { name: 'ページが見つかりません' }).waitFor();
    expect(await strangerPage.getByText('佐藤').count()).toBe(0);
  });

  it('draws the response-time dashboard with its numbers in a table beside each chart', async () => {
    // The recipient has decided on referrals above: its own response times have cells big enough to show.
    const page = await signedIn(recipient);
    await page.getByRole('link', { name: 'ダッシュボード' }).first().click();
    await page.getByRole('heading', { name: '応答時間ダッシュボード' }).waitFor();
    const table = page.getByRole('table').filter({ has: page.locator('caption', { hasText: '応答時間（' }) });
    await table.waitFor();
    await page.locator('canvas[role="img"]').first().waitFor();
    // The recipient's sector (住まい): its decisions above, as a count, percentiles and the share on time.
    const row = table.getByRole('row').filter({ hasText: '住まい' });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((cell) => cell.trim());
    expect(Number(cells[0])).toBeGreaterThanOrEqual(2);
    expect(cells.filter((cell) => /^\d+(\.\d+)? (分|時間|日)$/.test(cell)).length).toBeGreaterThanOrEqual(3);
    expect(cells).toContain('100%');
    await screenshot(page, 'dashboard');
  });

  it('has no serious or critical accessibility violation on any screen (axe-core, WCAG 2.1 AA)', async () => {
    const { referralId, personId } = await sentReferral();
    const violations: string[] = [];
    const context = await browser.newContext({ viewport: { width: 820, height: 1180 }, locale: 'ja-JP' });
    contexts.push(context);
    const signIn = await context.newPage();
    await signIn.goto(`${t.url}/console/`);
    await signIn.getByRole('heading', { name: /ログイン/ }).waitFor();
    violations.push(...(await seriousViolations(signIn, 'sign-in')));
    await screenshot(signIn, 'sign-in');

    const page = await signedIn(sender);
    // A tablet held upright: the screens must work at this width too.
    await page.setViewportSize({ width: 820, height: 1180 });
    const screens: [string, string, string | RegExp][] = [
      ['inbox', '/', '紹介の一覧'],
      ['referral', `/referrals/${referralId}`, '次にできること'],
      ['new referral', '/referrals/new', '新しい紹介'],
      ['persons', '/persons', '新しい本人を登録する'],
      ['person', `/persons/${personId}`, /^本人：/],
      ['conferences', '/conferences', /個別支援会議/],
      ['council board', '/council', '協議会ボード（地域課題）'],
      ['dashboard', '/dashboard', '応答時間ダッシュボード'],
      ['not found', '/no/such/page', 'ページが見つかりません'],
    ];
    for (const [name, address, heading] of screens) {
      await page.goto(`${t.url}/console${address}`);
      await page.getByRole('heading', { name: heading }).first().waitFor();
      violations.push(...(await seriousViolations(page, name)));
    }
    expect(violations).toEqual([]);
  });
  /** A browser context of its own (no session), for someone who has not signed in yet. */
  async function freshPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return page;
  }

  it('lets an agency admin add a caseworker, who chooses a password with the set-up link and signs in', async () => {
    const admin = await signedIn(sender, 'AGENCY_ADMIN');
    await admin.getByRole('link', { name: '職員の管理' }).click();
    await admin.getByRole('heading', { name: '職員の管理', level: 1 }).waitFor();
    const email = `new-${uniqueSuffix().toLowerCase()}@example.org`;
    await admin.getByLabel(/^メールアドレス/).fill(email);
    await admin.getByLabel(/^名前/).fill('新しい 相談員');
    await admin.getByLabel('役割').selectOption('CASEWORKER');
    await admin.getByRole('button', { name: '追加する' }).click();
    const linkField = admin.getByLabel('パスワードを決めるためのリンク');
    await linkField.waitFor();
    const link = await linkField.inputValue();
    const prefix = `${t.url}/console/reset-password#token=`;
    expect(link.slice(0, prefix.length)).toBe(prefix);
    expect(link.slice(prefix.length)).toMatch(/^[\w-]{20,}$/);
    await admin.getByText('このリンクは、もう表示されません。今コピーしてください。').waitFor();
    await admin.getByRole('row').filter({ hasText: email }).filter({ hasText: '未設定' }).waitFor();
    // Shown once: after a reload the link is gone.
    await admin.reload();
    await admin.getByRole('row').filter({ hasText: email }).waitFor();
    expect(await admin.getByLabel('パスワードを決めるためのリンク').count()).toBe(0);

    const member = await freshPage();
    await member.goto(link);
    await member.getByRole('heading', { name: '新しいパスワードを決める' }).waitFor();
    await member.getByLabel('新しいパスワード', { exact: true }).fill('short one');
    await member.getByLabel(/確認のため/).fill('short one');
    await member.getByRole('button', { name: 'パスワードを決める' }).click();
    await member.getByText('パスワードが短すぎます。12文字以上にしてください。').waitFor();
    await member.getByLabel('新しいパスワード', { exact: true }).fill(PASSWORD);
    await member.getByLabel(/確認のため/).fill(PASSWORD);
    await member.getByRole('button', { name: 'パスワードを決める' }).click();
    await member.getByText('パスワードを決めました。新しいパスワードでログインしてください。').waitFor();
    await member.getByRole('link', { name: 'ログインする' }).click();
    await member.getByLabel('メールアドレス').fill(email);
    await member.getByLabel('パスワード').fill(PASSWORD);
    await member.getByRole('button', { name: 'ログイン' }).click();
    await member.getByRole('heading', { name: '紹介の一覧' }).waitFor();
    await member.getByText(/^新しい 相談員（/).waitFor();
    // A caseworker does not manage staff: no such entry in the navigation.
    expect(await member.getByRole('link', { name: '職員の管理' }).count()).toBe(0);

    // The link was single-use.
    const again = await freshPage();
    await again.goto(link);
    await again.getByLabel('新しいパスワード', { exact: true }).fill('another passphrase here');
    await again.getByLabel(/確認のため/).fill('another passphrase here');
    await again.getByRole('button', { name: 'パスワードを決める' }).click();
    await again.getByText(/^このリンクは使えません。/).waitFor();
    await again.getByRole('link', { name: '新しいリンクを送ってもらう' }).waitFor();

    await admin.reload();
    await admin.getByRole('row').filter({ hasText: email }).filter({ hasText: '設定済み' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('answers a forgotten-password request for an unknown e-mail exactly as for a known one', async () => {
    const known = await staffOf(sender);
    const answers: string[] = [];
    for (const email of [known, `nobody-${uniqueSuffix().toLowerCase()}@example.org`]) {
      const page = await freshPage();
      await page.goto(`${t.url}/console/`);
      await page.getByRole('link', { name: 'パスワードを忘れた場合' }).click();
      await page.getByRole('heading', { name: 'パスワードを忘れた場合' }).waitFor();
      await page.getByLabel('メールアドレス').fill(email);
      await page.getByRole('button', { name: 'リンクを送る' }).click();
      const status = page.getByRole('status').filter({ hasText: 'このメールアドレスのアカウントがあれば' });
      await status.waitFor();
      answers.push(await status.innerText());
      expect(await page.getByRole('alert').count()).toBe(0);
    }
    expect(answers[1]).toBe(answers[0]);
  });

  it('has no serious or critical accessibility violation on the account screens (axe-core, WCAG 2.1 AA)', async () => {
    const violations: string[] = [];
    const visitor = await freshPage();
    await visitor.goto(`${t.url}/console/forgot-password`);
    await visitor.getByRole('heading', { name: 'パスワードを忘れた場合' }).waitFor();
    violations.push(...(await seriousViolations(visitor, 'forgot password')));
    await visitor.goto(`${t.url}/console/reset-password#token=not-a-token`);
    await visitor.getByRole('heading', { name: '新しいパスワードを決める' }).waitFor();
    violations.push(...(await seriousViolations(visitor, 'reset password')));

    const admin = await signedIn(sender, 'AGENCY_ADMIN');
    await admin.goto(`${t.url}/console/staff`);
    await admin.getByRole('table').filter({ hasText: '職員の一覧' }).waitFor();
    violations.push(...(await seriousViolations(admin, 'staff')));
    await admin.getByLabel(/^メールアドレス/).fill(`axe-${uniqueSuffix().toLowerCase()}@example.org`);
    await admin.getByLabel(/^名前/).fill('確認用 職員');
    await admin.getByRole('button', { name: '追加する' }).click();
    await admin.getByLabel('パスワードを決めるためのリンク').waitFor();
    violations.push(...(await seriousViolations(admin, 'staff, set-up link shown')));
    await admin.getByRole('button', { name: '確認用 職員 のアカウントを停止する' }).click();
    await admin.getByRole('dialog').waitFor();
    violations.push(...(await seriousViolations(admin, 'staff, deactivation dialog')));
    await admin.getByRole('dialog').getByRole('button', { name: '停止する' }).click();
    await admin.getByText('確認用 職員 のアカウントを停止しました。').waitFor();
    await screenshot(admin, 'staff');

    await admin.goto(`${t.url}/console/api-keys`);
    await admin.getByRole('heading', { name: 'APIキー', level: 1 }).waitFor();
    await admin.getByText(/^全部で \d+ 件/).waitFor();
    violations.push(...(await seriousViolations(admin, 'api keys')));
    await admin.getByLabel(/^キーの名前/).fill('記録システム');
    await admin.getByRole('checkbox', { name: /紹介を見る/ }).check();
    await admin.getByRole('button', { name: 'キーを作る' }).click();
    const secret = await admin.getByLabel('APIキー（秘密の文字）').inputValue();
    expect(secret).toMatch(/^tsu_/);
    violations.push(...(await seriousViolations(admin, 'api keys, secret shown')));
    await screenshot(admin, 'api-keys');
    const row = admin.getByRole('row').filter({ hasText: '記録システム' });
    await row.getByRole('button', { name: /を取り消す$/ }).click();
    await admin.getByRole('dialog').waitFor();
    violations.push(...(await seriousViolations(admin, 'api keys, revocation dialog')));
    await admin.getByRole('dialog').getByRole('button', { name: '取り消す' }).click();
    await row.getByText(/に取り消し$/).waitFor();

    await admin.goto(`${t.url}/console/account`);
    await admin.getByRole('button', { name: '2段階認証を設定する' }).click();
    await admin.getByRole('img', { name: /QRコード/ }).waitFor();
    violations.push(...(await seriousViolations(admin, 'account, TOTP enrolment')));
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
