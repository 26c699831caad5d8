import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createAgency, type TestAgency } from '../support/builders.js';
import { consentedPair, CREATE_REFERRAL, dataOf, referralInput } from '../support/referral-builders.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/worker-process.js';
import { launchChromium } from './chromium.js';

/**
 * GraphiQL at /graphiql in a real browser with no way out but loopback: every file it loads comes from this
 * server, a query runs with the key typed into the page's key field, and a subscription streams events live.
 */
describe('GraphiQL in Chromium, offline', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sender: TestAgency;
  let recipient: TestAgency;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_IDE: 'true' });
    sender = await createAgency(t);
    recipient = await createAgency(t);
    browser = await launchChromium();
    context = await browser.newContext();
    // Offline: anything not on this machine is refused and remembered.
    await context.route('**/*', async (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await t?.close();
  });

  async function sendReferral(): Promise<string> {
    const { personId } = await consentedPair(t, sender, recipient);
    const created = await t.gql<{ createReferral: { id: string } }>(CREATE_REFERRAL, {
      variables: { input: { ...referralInput(personId, recipient.id), send: true } },
      key: sender.key,
    });
    return dataOf(created, 'createReferral').createReferral.id;
  }

  function resultText(): Promise<string> {
    // Runs in the page: GraphiQL's result pane is a CodeMirror 5 editor.
    return page.evaluate<string>("document.querySelector('.result-window .CodeMirror')?.CodeMirror.getValue() ?? ''");
  }

  it('serves the page and its files from this server, with a strict content security policy', async () => {
    const response = await page.goto(`${t.url}/graphiql`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.graphiql-execute-button').waitFor();
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
    const missing = await t.app.getHttpAdapter().getInstance().inject({ url: '/graphiql/assets/nothing.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('runs the default inbox query with the key from the key field and shows the referral', async () => {
    const referralId = await sendReferral();
    await page.getByLabel('API key').fill(recipient.key);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('#key-status', { hasText: 'Key in use.' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    await waitFor('the referral in the result pane', async () => (await resultText()).includes(referralId));
    const result = JSON.parse(await resultText()) as { data: { referrals: { totalCount: number } } };
    expect(result.data.referrals.totalCount).toBe(1);
    // The schema loaded with the key (introspection is not refused by the depth bound): the docs list the roots.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    await page.locator('.graphiql-doc-explorer').getByText('Subscription', { exact: true }).first().waitFor();
    expect(outside).toEqual([]);
  });

  it('reports the missing key as the API does, when the field is empty', async () => {
    await page.getByLabel('API key').fill('');
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.locator('.graphiql-execute-button').waitFor();
    await page.locator('.graphiql-execute-button').click();
    await waitFor('the error in the result pane', async () => (await resultText()).includes('UNAUTHENTICATED'));
  });

  it('streams referral events live over graphql-ws with the same key', async () => {
    await page.getByLabel('API key').fill(recipient.key);
    await page.getByRole('button', { name: 'Use key' }).click();
    // The key is kept for the tab, and a link can open an operation in the IDE.
    const subscription = 'subscription Live { referralEvents(box: INBOX) { referralId type toStatus } }';
    await page.goto(
      `${t.url}/graphiql?${new URLSearchParams({ query: subscription, operationName: 'Live' }).toString()}`,
    );
    await expect(page.getByLabel('API key').inputValue()).resolves.toBe(recipient.key);
    await page.locator('.graphiql-execute-button').waitFor();
    await page.locator('.graphiql-execute-button').click();
    // The page opens the socket asynchronously: referrals are sent until one streams in (events before the
    // subscription started are not replayed without `after`).
    const sent: string[] = [];
    await waitFor(
      'a sent referral streamed into the result pane',
      async () => {
        const text = await resultText();
        if (sent.some((id) => text.includes(id))) return true;
        sent.push(await sendReferral());
        return false;
      },
      { intervalMs: 500 },
    );
    expect(await resultText()).toContain('"type": "SENT"');
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
