import { RESOLVES_TO_NON_PUBLIC, WebhookTargetGuard } from './webhook-target.js';

describe('WebhookTargetGuard', () => {
  it('refuses IP literals that are not globally reachable, naming the range but nothing resolved', () => {
    const guard = new WebhookTargetGuard([]);
    expect(guard.refusalOf('10.0.0.5')).toBe(
      'the webhook URL’s address is not publicly routable (Private-Use, RFC 1918)',
    );
    expect(guard.refusalOf('169.254.169.254')).toMatch(/not publicly routable \(Link Local, RFC 3927\)$/);
    expect(guard.refusalOf('::ffff:127.0.0.1')).toMatch(/IPv4-mapped Address, RFC 4291, carrying Loopback/);
    expect(guard.refusalOf('[::1]')).toMatch(/Loopback Address/);
    expect(guard.refusalOf('::7f00:1')).toMatch(/IPv4-compatible IPv6 address \(deprecated\)/);
    expect(guard.refusalOf('8.8.8.8')).toBeNull();
    expect(guard.refusalOf('2606:4700:4700::1111')).toBeNull();
    expect(guard.refusalOf('nonsense')).toBe('the webhook URL’s address is not publicly routable');
  });

  it('lets through what the configured networks allow, and nothing beside', () => {
    const guard = new WebhookTargetGuard(['127.0.0.1/32', '::1/128', '10.1.0.0/16']);
    expect(guard.refusalOf('127.0.0.1')).toBeNull();
    expect(guard.refusalOf('::ffff:127.0.0.1')).toBeNull();
    expect(guard.refusalOf('::1')).toBeNull();
    expect(guard.refusalOf('10.1.2.3')).toBeNull();
    expect(guard.refusalOf('127.0.0.2')).toMatch(/Loopback/);
    expect(guard.refusalOf('10.2.0.1')).toMatch(/Private-Use/);
    // The deprecated and translated forms of an allowed address are not that address.
    expect(guard.refusalOf('::7f00:1')).toMatch(/IPv4-compatible/);
    expect(guard.refusalOf('64:ff9b::7f00:1')).toMatch(/IPv4-IPv6 Translat\., RFC 6052, carrying Loopback/);
    expect(guard.refusalOf('2002:7f00:1::')).toMatch(/6to4, RFC 3056, carrying Loopback/);
  });

  it('fails at once on a malformed exception', () => {
    expect(() => new WebhookTargetGuard(['10.0.0.0/99'])).toThrow(/WEBHOOK_ALLOWED_PRIVATE_NETWORKS/);
  });

  it('refuses a host when any of its addresses is not public, without saying which or what it resolved to', async () => {
    const resolved: Record<string, string[]> = {
      'public.example': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
      'mixed.example': ['93.184.216.34', '10.0.0.7'],
      'compat.example': ['::7f00:1'],
      'nat64.example': ['64:ff9b::a9fe:a9fe'],
      vm: ['127.0.0.1'],
    };
    const guard = new WebhookTargetGuard([], (host) => Promise.resolve(resolved[host] ?? []));
    expect(await guard.checkHost('public.example')).toBeNull();
    for (const host of ['mixed.example', 'compat.example', 'nat64.example', 'vm']) {
      const refusal = await guard.checkHost(host);
      expect({ host, ...refusal }).toEqual({ host, reason: 'URL_NOT_PUBLIC', message: RESOLVES_TO_NON_PUBLIC });
    }
  });

  it('checks IP literals without resolving them, and refuses a host that does not resolve', async () => {
    const lookups: string[] = [];
    const guard = new WebhookTargetGuard([], (host) => {
      lookups.push(host);
      return Promise.reject(new Error('ENOTFOUND'));
    });
    expect(await guard.checkHost('[fd00::1]')).toMatchObject({ reason: 'URL_NOT_PUBLIC' });
    expect(await guard.checkHost('[::7f00:1]')).toMatchObject({ reason: 'URL_NOT_PUBLIC' });
    expect(await guard.checkHost('8.8.4.4')).toBeNull();
    expect(lookups).toEqual([]);
    expect(await guard.checkHost('nowhere.invalid')).toMatchObject({ reason: 'URL_UNRESOLVABLE' });
  });

  it('fails a connection whose name resolves to a refused address (the HTTP lookup), naming no address', async () => {
    const guard = new WebhookTargetGuard([]);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guard.lookup('localhost', { all: true }, (failure) => resolve(failure)),
    );
    expect(error?.code).toBe('EWEBHOOKTARGET');
    expect(error?.message).toBe(`refused: ${RESOLVES_TO_NON_PUBLIC}; webhooks may only reach public addresses`);

    const allowed = new WebhookTargetGuard(['127.0.0.0/8', '::1/128']);
    const address = await new Promise<unknown>((resolve, reject) =>
      allowed.lookup('localhost', {}, (failure, found) => (failure ? reject(failure) : resolve(found))),
    );
    expect(typeof address).toBe('string');
  });
});
