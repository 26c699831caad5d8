import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { TsunaguError } from './errors.js';
import { AcknowledgeReferralDocument, ViewerDocument } from './generated/graphql.js';
import { request } from './request.js';

interface Received {
  authorization?: string;
  body: { query: string; variables: Record<string, unknown> };
}

describe('request', () => {
  let server: http.Server;
  let url: string;
  let answer: { status: number; body: string };
  let received: Received[];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          authorization: req.headers.authorization,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'],
        });
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  beforeEach(() => {
    received = [];
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('posts the printed document and variables with the key as a bearer token, and returns the data', async () => {
    const data = { acknowledgeReferral: { id: 'r1', status: 'RECEIVED', version: 2 } };
    answer = { status: 200, body: JSON.stringify({ data }) };
    const result = await request(url, 'tsu_key', AcknowledgeReferralDocument, { id: 'r1' });
    expect(result).toEqual(data);
    expect(received).toHaveLength(1);
    expect(received[0].authorization).toBe('Bearer tsu_key');
    expect(received[0].body.variables).toEqual({ id: 'r1' });
    expect(received[0].body.query).toContain('mutation AcknowledgeReferral($id: ID!, $expectedVersion: Int)');
    expect(received[0].body.query).toContain('fragment ReferralState on Referral');
  });

  it("throws a TsunaguError carrying the first error's extensions.code and details", async () => {
    const errors = [
      {
        message: 'cannot move RECEIVED → RECEIVED',
        extensions: { code: 'INVALID_TRANSITION', allowed: ['ACCEPTED', 'REJECTED'] },
      },
    ];
    answer = { status: 200, body: JSON.stringify({ data: null, errors }) };
    const failure = await request(url, 'tsu_key', AcknowledgeReferralDocument, { id: 'r1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TsunaguError);
    expect(failure).toMatchObject({
      code: 'INVALID_TRANSITION',
      extensions: { allowed: ['ACCEPTED', 'REJECTED'] },
      message: 'cannot move RECEIVED → RECEIVED',
      errors,
    });
  });

  it('keeps the code of an error answered with a 4xx status (application/graphql-response+json)', async () => {
    answer = {
      status: 401,
      body: JSON.stringify({ errors: [{ message: 'invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] }),
    };
    await expect(request(url, 'bad', ViewerDocument)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
  });

  it('throws BAD_RESPONSE with the HTTP status when the answer is not GraphQL', async () => {
    answer = { status: 502, body: '<html>bad gateway</html>' };
    await expect(request(url, 'tsu_key', ViewerDocument)).rejects.toMatchObject({ code: 'BAD_RESPONSE', status: 502 });
  });
});
