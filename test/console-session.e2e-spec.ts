import { request as httpRequest } from 'node:http';
import { Secret, TOTP } from 'otpauth';
import WebSocket from 'ws';
import { DataSource } from 'typeorm';
import { createAgency, issueKey, type TestAgency } from './support/builders.js';
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js';
import { startTestApp, uniqueSuffix, type TestApp } from './support/test-app.js';

/** What a browser keeps of a console session: the cookie and the CSRF token the session answered. */
interface Browser {
  cookie: string;
  csrf: string;
  staffId: string;
  setCookie: string;
}

const CREATE_STAFF = /* GraphQL */ `
  mutation ($input: CreateStaffMemberInput!) {
    createStaffMember(input: $input) {
      setupToken
      staffMember {
        id
        email
        role
        agencyId
        passwordSet
        locked
      }
    }
  }
`;
const STAFF = /* GraphQL */ `
  query ($agencyId: ID) {
    staffMembers(agencyId: $agencyId) {
      id
      email
      locked
      passwordSet
      deactivatedAt
    }
  }
`;
const REGISTER_PERSON = /* GraphQL */ `
  mutation ($input: RegisterPersonInput!) {
    registerPerson(input: $input) {
      id
    }
  }
`;
const PERSON = 'query ($id: ID!) { person(id: $id) { id familyName } }';
const AUDIT = /* GraphQL */ `
  query ($personId: ID!) {
    auditTrail(personId: $personId, first: 20) {
      edges {
        node {
          action
          agencyId
          keyId
          staffId
        }
      }
    }
  }
`;

const PASSWORD = 'correct horse battery staple';

describe('Console sessions (staff accounts, cookies, CSRF, lock-out, revocation)', () => {
  let t: TestApp;
  let smtp: SmtpSink;
  let a: TestAgency;
  let b: TestAgency;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    t = await startTestApp({ SMTP_URL: smtp.url, SIGN_IN_MAX_FAILURES: '3', PUBLIC_URL: 'https://hub.example.org/' });
    a = await createAgency(t);
    b = await createAgency(t);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  /** A staff account of an agency, created by the hub admin, with its password set through the set-up token. */
  async function staffOf(agency: TestAgency | null, role = 'CASEWORKER', asKey = t.adminKey) {
    const email = `staff-${uniqueSuffix().toLowerCase()}@example.org`;
    const created = await t.gql<{
      createStaffMember: { setupToken: string; staffMember: { id: string; passwordSet: boolean } };
    }>(CREATE_STAFF, {
      key: asKey,
      variables: { input: { email, displayName: '職員 テスト', role, agencyId: agency?.id ?? null } },
    });
    expect(created.body.errors).toBeUndefined();
    const { setupToken, staffMember } = created.body.data!.createStaffMember;
    expect(staffMember.passwordSet).toBe(false);
    const confirmed = await post('/auth/password-reset/confirm', { token: setupToken, newPassword: PASSWORD });
    expect(confirmed.status).toBe(200);
    return { email, id: staffMember.id };
  }

  async function signIn(email: string, password = PASSWORD, extra: Record<string, string> = {}): Promise<Browser> {
    const response = await post('/auth/sign-in', { email, password, ...extra });
    const body = (await response.json()) as { csrfToken: string; staff: { id: string }; errors?: unknown };
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    return { cookie: setCookie.split(';')[0], csrf: body.csrfToken, staffId: body.staff.id, setCookie };
  }

  const asBrowser = (browser: Browser, withCsrf = true) => ({
    key: null,
    headers: { cookie: browser.cookie, ...(withCsrf ? { 'x-csrf-token': browser.csrf } : {}) },
  });

  it('sets an HTTP-only, SameSite=Lax session cookie, Secure on every host but loopback', async () => {
    const { email } = await staffOf(a);
    const local = await signIn(email);
    expect(local.setCookie).toMatch(/^tsunagu_session=[A-Za-z0-9_-]{43};/);
    expect(local.setCookie).toMatch(/; HttpOnly/);
    expect(local.setCookie).toMatch(/; SameSite=Lax/);
    expect(local.setCookie).toMatch(/; Path=\//);
    expect(local.setCookie).not.toMatch(/Secure/);

    // fetch may not set Host; node:http may, as a proxy in front of the API would pass it.
    const remote = await new Promise<{ status: number; setCookie: string }>((resolve, reject) => {
      const request = httpRequest(
        `${t.url}/auth/sign-in`,
        { method: 'POST', headers: { 'content-type': 'application/json', host: 'hub.example.org' } },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({ status: response.statusCode!, setCookie: String(response.headers['set-cookie']) }),
          );
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify({ email, password: PASSWORD }));
    });
    expect(remote.status).toBe(200);
    expect(remote.setCookie).toMatch(/; Secure/);
  });

  it('refuses a cookie-authenticated GraphQL request without the CSRF token, and with a wrong one', async () => {
    const { email } = await staffOf(a);
    const browser = await signIn(email);
    const viewer = '{ viewer { agency { id } } }';

    const ok = await t.gql<{ viewer: { agency: { id: string } } }>(viewer, asBrowser(browser));
    expect(ok.body.data?.viewer.agency.id).toBe(a.id);

    const missing = await t.gql(viewer, asBrowser(browser, false));
    expect(missing.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CSRF_TOKEN_INVALID' });
    const wrong = await t.gql(viewer, {
      key: null,
      headers: { cookie: browser.cookie, 'x-csrf-token': 'x'.repeat(43) },
    });
    expect(wrong.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'CSRF_TOKEN_INVALID' });
  });

  it('takes sign-in bodies as application/json only, so a cross-site form cannot post one', async () => {
    const response = await fetch(`${t.url}/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.c&password=x',
    });
    expect(response.status).toBe(415);
  });

  it('applies the API-key rules to sessions: another agency’s person is NOT_FOUND, and audit rows name the staff member', async () => {
    const { email, id } = await staffOf(a);
    const browser = await signIn(email);
    const input = { familyName: '山田', givenName: '花子', birthDate: '1980-04-01', municipalityCode: '231100' };
    const own = await t.gql<{ registerPerson: { id: string } }>(REGISTER_PERSON, {
      ...asBrowser(browser),
      variables: { input },
    });
    expect(own.body.errors).toBeUndefined();
    const personId = own.body.data!.registerPerson.id;
    const read = await t.gql<{ person: { id: string } }>(PERSON, {
      ...asBrowser(browser),
      variables: { id: personId },
    });
    expect(read.body.data?.person.id).toBe(personId);

    const trail = await t.gql<{
      auditTrail: { edges: { node: { action: string; agencyId: string; staffId: string } }[] };
    }>(AUDIT, { key: a.key, variables: { personId } });
    const actions = trail.body.data!.auditTrail.edges.map((edge) => edge.node);
    expect(actions.map((entry) => entry.action).sort()).toEqual(['PERSON_READ', 'PERSON_REGISTERED']);
    for (const entry of actions) expect(entry).toMatchObject({ agencyId: a.id, staffId: id });

    const theirs = await t.gql<{ registerPerson: { id: string } }>(REGISTER_PERSON, {
      key: b.key,
      variables: { input },
    });
    const other = await t.gql(PERSON, {
      ...asBrowser(browser),
      variables: { id: theirs.body.data!.registerPerson.id },
    });
    expect(other.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('locks an account after SIGN_IN_MAX_FAILURES wrong passwords, even against the right one', async () => {
    const { email } = await staffOf(a);
    for (let attempt = 0; attempt < 3; attempt++) {
      const wrong = await post('/auth/sign-in', { email, password: 'not the password at all' });
      expect(wrong.status).toBe(401);
    }
    const locked = await post('/auth/sign-in', { email, password: PASSWORD });
    expect(locked.status).toBe(401);
    const body = (await locked.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'ACCOUNT_LOCKED' });
    expect(body.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    expect(locked.headers.get('set-cookie')).toBeNull();

    const listed = await t.gql<{ staffMembers: { email: string; locked: boolean }[] }>(STAFF, {
      variables: { agencyId: a.id },
    });
    expect(listed.body.data!.staffMembers.find((member) => member.email === email)?.locked).toBe(true);
  });

  it('answers an unknown e-mail exactly like a wrong password', async () => {
    const unknown = await post('/auth/sign-in', { email: 'nobody@example.org', password: PASSWORD });
    const body = (await unknown.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(unknown.status).toBe(401);
    expect(body.errors[0].extensions).toEqual({ code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' });
  });

  it('signs one session out (with the CSRF token), and every session out with signOutEverywhere', async () => {
    const { email } = await staffOf(a);
    const first = await signIn(email);
    const second = await signIn(email);
    const third = await signIn(email);
    const viewer = '{ viewer { agency { id } } }';

    const refused = await post('/auth/sign-out', {}, { cookie: first.cookie });
    expect(refused.status).toBe(403);
    const out = await post('/auth/sign-out', {}, { cookie: first.cookie, 'x-csrf-token': first.csrf });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toMatch(/^tsunagu_session=;.*Max-Age=0/);
    const after = await t.gql(viewer, asBrowser(first));
    expect(after.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'SESSION_ENDED' });
    expect((await t.gql(viewer, asBrowser(second))).body.errors).toBeUndefined();

    const everywhere = await t.gql<{ signOutEverywhere: number }>('mutation { signOutEverywhere }', asBrowser(second));
    expect(everywhere.body.data?.signOutEverywhere).toBe(2);
    for (const browser of [second, third]) {
      const ended = await t.gql(viewer, asBrowser(browser));
      expect(ended.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      const session = await fetch(`${t.url}/auth/session`, { headers: { cookie: browser.cookie } });
      expect(session.status).toBe(401);
    }
  });

  it('ends a deactivated member’s sessions at once and refuses their sign-in', async () => {
    const { email, id } = await staffOf(a);
    const browser = await signIn(email);
    const done = await t.gql<{ deactivateStaffMember: { deactivatedAt: string } }>(
      'mutation ($id: ID!) { deactivateStaffMember(id: $id) { deactivatedAt } }',
      { variables: { id } },
    );
    expect(done.body.data?.deactivateStaffMember.deactivatedAt).toBeTruthy();
    const ended = await t.gql('{ viewer { agency { id } } }', asBrowser(browser));
    expect(ended.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await post('/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
  });

  it('lets an agency admin manage its own agency’s staff only, and a caseworker neither staff nor keys', async () => {
    const admin = await signIn((await staffOf(a, 'AGENCY_ADMIN')).email);
    const worker = await signIn((await staffOf(a)).email);
    const input = (agencyId: string) => ({
      email: `x-${uniqueSuffix().toLowerCase()}@example.org`,
      displayName: '新人',
      role: 'CASEWORKER',
      agencyId,
    });

    const own = await t.gql<{ createStaffMember: { staffMember: { agencyId: string } } }>(CREATE_STAFF, {
      ...asBrowser(admin),
      variables: { input: input(a.id) },
    });
    expect(own.body.data?.createStaffMember.staffMember.agencyId).toBe(a.id);
    const other = await t.gql(CREATE_STAFF, { ...asBrowser(admin), variables: { input: input(b.id) } });
    expect(other.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_ADMIN_ONLY' });
    const hubRole = await t.gql(CREATE_STAFF, {
      ...asBrowser(admin),
      variables: { input: { ...input(a.id), role: 'HUB_ADMIN' } },
    });
    expect(hubRole.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const byWorker = await t.gql(CREATE_STAFF, { ...asBrowser(worker), variables: { input: input(a.id) } });
    expect(byWorker.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_ADMIN_ONLY' });
    const key = await t.gql(
      'mutation { issueApiKey(input: { scopes: ["referrals:read"] }) { secret } }',
      asBrowser(worker),
    );
    expect(key.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'ACCOUNT_ADMIN_ONLY' });
    const adminKey = await t.gql<{ issueApiKey: { secret: string } }>(
      'mutation { issueApiKey(input: { scopes: ["referrals:read"] }) { secret } }',
      asBrowser(admin),
    );
    expect(adminKey.body.data?.issueApiKey.secret).toMatch(/^tsu_/);

    // An agency's own system key does not manage staff either: accounts are people's business.
    const bySystem = await t.gql(CREATE_STAFF, { key: a.key, variables: { input: input(a.id) } });
    expect(bySystem.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('answers NOT_FOUND for a staff member of an agency that does not exist, and writes no account or key', async () => {
    const email = `ghost-${uniqueSuffix().toLowerCase()}@example.org`;
    const response = await t.gql(CREATE_STAFF, {
      key: t.adminKey,
      variables: {
        input: { email, displayName: '職員', role: 'AGENCY_ADMIN', agencyId: 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' },
      },
    });
    expect(response.body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const data = t.app.get(DataSource);
    const [{ members }] = await data.query<{ members: number }[]>(
      'SELECT count(*)::int AS members FROM staff_member WHERE email = $1',
      [email],
    );
    const [{ keys }] = await data.query<{ keys: number }[]>(
      `SELECT count(*)::int AS keys FROM api_key WHERE label = $1`,
      [`staff ${email}`],
    );
    expect({ members, keys }).toEqual({ members: 0, keys: 0 });
  });

  it('never lets a staff member’s principal act as a bearer key, nor lists it among the keys', async () => {
    const { id } = await staffOf(a);
    const data = t.app.get(DataSource);
    const [row] = await data.query<{ key_id: string; prefix: string }[]>(
      `SELECT s.key_id, k.prefix FROM staff_member s JOIN api_key k ON k.id = s.key_id WHERE s.id = $1`,
      [id],
    );
    const keys = await t.gql<{ apiKeys: { edges: { node: { id: string } }[] } }>(
      'query ($a: ID) { apiKeys(agencyId: $a, first: 100) { edges { node { id } } } }',
      { variables: { a: a.id } },
    );
    expect(keys.body.data!.apiKeys.edges.map((edge) => edge.node.id)).not.toContain(row.key_id);
    // Whatever secret is tried with the principal's prefix, it is not a key.
    const forged = `tsu_${row.prefix}_${'A'.repeat(43)}`;
    expect((await t.gql('{ viewer { isHubAdmin } }', { key: forged })).body.errors?.[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('resets a password by an e-mailed single-use link, ending the old sessions, and tells nobody which e-mails exist', async () => {
    const { email } = await staffOf(a);
    const old = await signIn(email);
    const before = smtp.mails.length;
    expect((await post('/auth/password-reset', { email: 'nobody@example.org' })).status).toBe(202);
    expect((await post('/auth/password-reset', { email: email.toUpperCase() })).status).toBe(202);
    for (let i = 0; i < 50 && smtp.mailsTo(email).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(smtp.mails.length).toBe(before + 1);
    const text = smtp.mailsTo(email)[0].parsed.text ?? '';
    const token = /https:\/\/hub\.example\.org\/console\/reset-password#token=([A-Za-z0-9_-]+)/.exec(text)?.[1];
    expect(token).toBeDefined();

    const short = await post('/auth/password-reset/confirm', { token, newPassword: 'short' });
    expect(short.status).toBe(400);
    const done = await post('/auth/password-reset/confirm', { token, newPassword: 'a brand new passphrase' });
    expect(done.status).toBe(200);
    const again = await post('/auth/password-reset/confirm', { token, newPassword: 'another new passphrase' });
    expect(
      ((await again.json()) as { errors: { extensions: Record<string, unknown> }[] }).errors[0].extensions,
    ).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'TOKEN_INVALID',
    });

    expect((await t.gql('{ viewer { isHubAdmin } }', asBrowser(old))).body.errors?.[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    expect((await post('/auth/sign-in', { email, password: PASSWORD })).status).toBe(401);
    await signIn(email, 'a brand new passphrase');
  });

  it('asks for the TOTP code once the second factor is confirmed, and takes each code once', async () => {
    const { email } = await staffOf(a);
    const browser = await signIn(email);
    const begun = await t.gql<{ beginTotpEnrollment: { secret: string; otpauthUri: string } }>(
      'mutation { beginTotpEnrollment { secret otpauthUri } }',
      asBrowser(browser),
    );
    const { secret, otpauthUri } = begun.body.data!.beginTotpEnrollment;
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Tsunagu:/);
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
    const wrong = await t.gql('mutation ($c: String!) { confirmTotpEnrollment(input: { code: $c }) { totpEnabled } }', {
      ...asBrowser(browser),
      variables: { c: totp.generate() === '000000' ? '111111' : '000000' },
    });
    expect(wrong.body.errors?.[0]?.extensions.code).toBe('BAD_USER_INPUT');
    const confirmed = await t.gql<{ confirmTotpEnrollment: { totpEnabled: boolean } }>(
      'mutation ($c: String!) { confirmTotpEnrollment(input: { code: $c }) { totpEnabled } }',
      { ...asBrowser(browser), variables: { c: totp.generate() } },
    );
    expect(confirmed.body.data?.confirmTotpEnrollment.totpEnabled).toBe(true);

    const withoutCode = await post('/auth/sign-in', { email, password: PASSWORD });
    const body = (await withoutCode.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOTP_REQUIRED' });
    expect(withoutCode.headers.get('set-cookie')).toBeNull();
    const code = totp.generate();
    await signIn(email, PASSWORD, { totpCode: code });
    // The same code again (still inside its 30-second window) does not open a second session.
    const replayed = await post('/auth/sign-in', { email, password: PASSWORD, totpCode: code });
    const replayedBody = (await replayed.json()) as { errors: { extensions: Record<string, unknown> }[] };
    expect(replayedBody.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'TOTP_INVALID' });
    expect(replayed.headers.get('set-cookie')).toBeNull();
  });

  it('opens a subscription with the session cookie from the same origin only, with the CSRF token', async () => {
    const { email } = await staffOf(a);
    const browser = await signIn(email);
    const host = new URL(t.url).host;
    // The graphql-transport-ws handshake by hand: connection_init, then an ack or a close code.
    const connect = (origin: string, csrf: string | undefined) =>
      new Promise<'open' | number>((resolve, reject) => {
        const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
          headers: { cookie: browser.cookie, origin },
        });
        socket.on('open', () =>
          socket.send(JSON.stringify({ type: 'connection_init', payload: csrf ? { csrfToken: csrf } : {} })),
        );
        socket.on('message', (data: Buffer) => {
          if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') {
            resolve('open');
            socket.close();
          }
        });
        socket.on('close', (code: number) => resolve(code));
        socket.on('error', reject);
      });
    expect(await connect(`http://${host}`, browser.csrf)).toBe('open');
    expect(await connect('https://evil.example', browser.csrf)).not.toBe('open');
    expect(await connect(`http://${host}`, undefined)).not.toBe('open');
  });

  it('closes a signed-out session’s subscriptions, and every session’s on signOutEverywhere', async () => {
    const { email } = await staffOf(a);
    const [first, second] = [await signIn(email), await signIn(email)];
    const origin = `http://${new URL(t.url).host}`;
    /** An acknowledged graphql-ws connection of a session, and a promise of its close code. */
    const open = (browser: Browser) =>
      new Promise<{ socket: WebSocket; closed: Promise<number> }>((resolve, reject) => {
        const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', {
          headers: { cookie: browser.cookie, origin },
        });
        const closed = new Promise<number>((done) => socket.on('close', (code: number) => done(code)));
        socket.on('open', () =>
          socket.send(JSON.stringify({ type: 'connection_init', payload: { csrfToken: browser.csrf } })),
        );
        socket.on('message', (data: Buffer) => {
          if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') resolve({ socket, closed });
        });
        socket.on('error', reject);
      });
    const [one, two] = [await open(first), await open(second)];

    await post('/auth/sign-out', {}, { cookie: first.cookie, 'x-csrf-token': first.csrf });
    expect(await one.closed).toBe(4403);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(two.socket.readyState).toBe(WebSocket.OPEN);

    await t.gql('mutation { signOutEverywhere }', asBrowser(second));
    expect(await two.closed).toBe(4403);
  });

  it('keeps API keys working exactly as before for systems', async () => {
    const key = await issueKey(t, { agencyId: a.id, scopes: ['directory:read'] });
    const viewer = await t.gql<{ viewer: { scopes: string[] } }>('{ viewer { scopes } }', { key: key.secret });
    expect(viewer.body.data?.viewer.scopes).toEqual(['directory:read']);
  });
});

describe('Console session timeouts', () => {
  let t: TestApp;
  let agency: TestAgency;

  beforeAll(async () => {
    t = await startTestApp({ SESSION_IDLE_TIMEOUT: 'PT1S', SESSION_ABSOLUTE_TIMEOUT: 'PT3S' });
    agency = await createAgency(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function session() {
    const email = `staff-${uniqueSuffix().toLowerCase()}@example.org`;
    const created = await t.gql<{ createStaffMember: { setupToken: string } }>(CREATE_STAFF, {
      variables: { input: { email, displayName: '職員', role: 'CASEWORKER', agencyId: agency.id } },
    });
    const token = created.body.data!.createStaffMember.setupToken;
    const json = { 'content-type': 'application/json' };
    await fetch(`${t.url}/auth/password-reset/confirm`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token, newPassword: PASSWORD }),
    });
    const response = await fetch(`${t.url}/auth/sign-in`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const body = (await response.json()) as { csrfToken: string };
    return {
      key: null,
      headers: { cookie: response.headers.get('set-cookie')!.split(';')[0], 'x-csrf-token': body.csrfToken },
    };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const viewer = '{ viewer { agency { id } } }';

  it('ends a session left idle for SESSION_IDLE_TIMEOUT', async () => {
    const browser = await session();
    expect((await t.gql(viewer, browser)).body.errors).toBeUndefined();
    await sleep(1500);
    expect((await t.gql(viewer, browser)).body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('ends a busy session at SESSION_ABSOLUTE_TIMEOUT after sign-in', async () => {
    const browser = await session();
    const started = Date.now();
    while (Date.now() - started < 2500) {
      expect((await t.gql(viewer, browser)).body.errors).toBeUndefined();
      await sleep(400);
    }
    await sleep(Math.max(0, 3200 - (Date.now() - started)));
    expect((await t.gql(viewer, browser)).body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });
});
