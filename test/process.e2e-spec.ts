import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { generateApiKey } from '@tsunagu/platform';
import { deleteRedisKeys } from './support/bus.js';
import { uniqueSuffix } from './support/test-app.js';

/** These tests run the built API (`npm test` builds it first) as a real process. */
const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'dist/apps/api/apps/api/src/main.js');
const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };

beforeAll(() => {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm test does)`);
});

describe('configuration at boot', () => {
  it.each([
    ['DATABASE_URL', { REDIS_URL: 'redis://127.0.0.1:6379' }, /DATABASE_URL: is required but not set/],
    ['REDIS_URL', { DATABASE_URL: 'postgres://localhost/x' }, /REDIS_URL: is required but not set/],
    ['PORT', { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost', PORT: 'eighty' }, /PORT:/],
    [
      'DATABASE_URL',
      { DATABASE_URL: 'mysql://localhost/x', REDIS_URL: 'redis://localhost' },
      /DATABASE_URL: must be a postgres/,
    ],
    [
      'HUB_ADMIN_KEY',
      { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost', HUB_ADMIN_KEY: 'letmein' },
      /HUB_ADMIN_KEY: must be a Tsunagu key/,
    ],
    [
      'SECRETS_KEY',
      { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost' },
      /SECRETS_KEY: is required/,
    ],
    [
      'SECRETS_KEY',
      { DATABASE_URL: 'postgres://localhost/x', REDIS_URL: 'redis://localhost', SECRETS_KEY: 'c2hvcnQ=' },
      /SECRETS_KEY: must be 32 random bytes/,
    ],
  ])('stops with a message naming %s when it is missing or bad', (_variable, env, message) => {
    const result = spawnSync(process.execPath, [main], {
      env: { ...baseEnv, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Invalid configuration:/);
    expect(result.stderr).toMatch(message);
  });
});

describe('logs', () => {
  it('are JSON lines with a request id, and never contain an API key', async () => {
    const adminKey = generateApiKey().secret;
    const env = {
      ...baseEnv,
      DATABASE_URL: process.env.DATABASE_URL,
      REDIS_URL: process.env.REDIS_URL,
      REDIS_PREFIX: `tsunagu-process-${uniqueSuffix().toLowerCase()}`,
      SECRETS_KEY: process.env.SECRETS_KEY,
      HUB_ADMIN_KEY: adminKey,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
    };
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`API did not start:\n${output}`)), 20_000);
        child.stdout.on('data', () => {
          const match = /listening on (http:\/\/\S+)\/graphql/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
      });
      const post = (query: string, key: string) =>
        fetch(`${url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${key}`,
            'x-request-id': 'trace-logs-1',
          },
          body: JSON.stringify({ query }),
        }).then((response) => response.json() as Promise<{ data: { issueApiKey: { secret: string } } }>);
      const issued = await post('mutation { issueApiKey(input: { scopes: ["admin"] }) { secret } }', adminKey);
      const secret = issued.data.issueApiKey.secret;
      await post('{ viewer { isHubAdmin } }', secret);
      await post('{ viewer { isHubAdmin } }', generateApiKey().secret);
      // GraphQL over GET: the document and its variables travel in the query string, which is never logged.
      const query = encodeURIComponent('query ($note: String) { viewer { isHubAdmin } }');
      const variables = encodeURIComponent(JSON.stringify({ note: 'query-string-marker' }));
      const viaGet = await fetch(`${url}/graphql?query=${query}&variables=${variables}`, {
        headers: { authorization: `Bearer ${secret}`, 'x-request-id': 'trace-logs-get' },
      });
      expect(viaGet.status).toBe(200);

      // A console session: the set-up token, the password, the session cookie and its CSRF token are secrets too.
      const json = { 'content-type': 'application/json', 'x-request-id': 'trace-logs-session' };
      const invited = (await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { ...json, authorization: `Bearer ${adminKey}` },
        body: JSON.stringify({
          query:
            'mutation { createStaffMember(input: { email: "logs@example.org", displayName: "職員", role: HUB_ADMIN }) { setupToken } }',
        }),
      }).then((response) => response.json())) as { data: { createStaffMember: { setupToken: string } } };
      const setupToken = invited.data.createStaffMember.setupToken;
      const password = 'log-marker passphrase';
      await fetch(`${url}/auth/password-reset/confirm`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ token: setupToken, newPassword: password }),
      });
      const signedIn = await fetch(`${url}/auth/sign-in`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'logs@example.org', password }),
      });
      const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
      const { csrfToken } = (await signedIn.json()) as { csrfToken: string };
      const viaSession = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { ...json, cookie, 'x-csrf-token': csrfToken },
        body: JSON.stringify({ query: '{ viewer { isHubAdmin } }' }),
      });
      expect(viaSession.status).toBe(200);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));

      const lines = output.trim().split('\n');
      const parsed = lines.map(
        (line) => JSON.parse(line) as { req?: { id?: string; headers?: Record<string, string> } },
      );
      const requestLines = parsed.filter((line) => line.req?.id === 'trace-logs-1');
      expect(requestLines.length).toBe(3);
      expect(requestLines[0].req?.headers?.authorization).toBe('[redacted]');
      const getLines = parsed.filter((line) => line.req?.id === 'trace-logs-get');
      expect(getLines.length).toBeGreaterThan(0);
      expect(output).not.toContain('query-string-marker');
      expect(output).not.toContain('isHubAdmin');
      expect(output).not.toContain(adminKey);
      expect(output).not.toContain(secret);
      expect(output).not.toMatch(/tsu_[a-z0-9]{8}_[A-Za-z0-9_-]{43}/);
      expect(parsed.filter((line) => line.req?.id === 'trace-logs-session').length).toBeGreaterThan(0);
      const secrets = { setupToken, password, cookie: cookie.split('=')[1], csrfToken };
      for (const [name, value] of Object.entries(secrets)) {
        const at = output.indexOf(value);
        expect({ name, logged: at === -1 ? null : output.slice(Math.max(0, at - 200), at) }).toEqual({
          name,
          logged: null,
        });
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await deleteRedisKeys(env.REDIS_URL as string, env.REDIS_PREFIX);
    }
  });
});
