import { sameOrigin } from './session-cookie.js';

describe('sameOrigin', () => {
  it('compares Origin with Host', () => {
    expect(sameOrigin({ origin: 'https://tsunagu.example', host: 'tsunagu.example' })).toBe(true);
    expect(sameOrigin({ origin: 'https://evil.example', host: 'tsunagu.example' })).toBe(false);
    expect(sameOrigin({ host: 'tsunagu.example' })).toBe(false);
  });

  it('ignores X-Forwarded-Host unless the upgrade came through a trusted proxy', () => {
    const headers = {
      origin: 'https://evil.example',
      host: 'tsunagu.example',
      'x-forwarded-host': 'evil.example',
    };
    expect(sameOrigin(headers)).toBe(false);
    expect(sameOrigin(headers, true)).toBe(true);
  });

  it('behind a trusted proxy, compares Origin with the first forwarded host', () => {
    const headers = {
      origin: 'https://tsunagu.example',
      host: 'api-0.internal:3000',
      'x-forwarded-host': 'tsunagu.example, proxy.internal',
    };
    expect(sameOrigin(headers, true)).toBe(true);
    expect(sameOrigin(headers)).toBe(false);
  });
});
