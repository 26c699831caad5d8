import { specialRange, WebhookTargetGuard } from './webhook-target.js';

describe('specialRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['64:ff9b::a00:5', 'rfc6052'],
    ['2002:a00:5::1', '6to4'],
  ])('puts %s in %s', (address, range) => {
    expect(specialRange(address)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['::ffff:a9fe:a9fe', 'linkLocal'],
  ])('judges the IPv4-mapped %s as the IPv4 address it carries (%s)', (address, range) => {
    expect(specialRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '203.0.112.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'finds %s public',
    (address) => {
      expect(specialRange(address)).toBeNull();
    },
  );

  it('calls what does not parse invalid', () => {
    expect(specialRange('not-an-address')).toBe('invalid');
  });
});

describe('WebhookTargetGuard', () => {
  it('refuses non-public addresses, naming the address and its range', () => {
    const guard = new WebhookTargetGuard([]);
    expect(guard.refusalOf('10.0.0.5')).toBe('10.0.0.5 is a private address');
    expect(guard.refusalOf('169.254.169.254')).toBe('169.254.169.254 is a link-local address');
    expect(guard.refusalOf('::ffff:127.0.0.1')).toBe('127.0.0.1 is a loopback address');
    expect(guard.refusalOf('[::1]')).toBe('::1 is a loopback address');
    expect(guard.refusalOf('8.8.8.8')).toBeNull();
  });

  it('lets through what the configured networks allow, and nothing beside', () => {
    const guard = new WebhookTargetGuard(['127.0.0.1/32', '::1/128', '10.1.0.0/16']);
    expect(guard.refusalOf('127.0.0.1')).toBeNull();
    expect(guard.refusalOf('::ffff:127.0.0.1')).toBeNull();
    expect(guard.refusalOf('::1')).toBeNull();
    expect(guard.refusalOf('10.1.2.3')).toBeNull();
    expect(guard.refusalOf('127.0.0.2')).toBe('127.0.0.2 is a loopback address');
    expect(guard.refusalOf('10.2.0.1')).toBe('10.2.0.1 is a private address');
  });

  it('fails at once on a malformed exception', () => {
    expect(() => new WebhookTargetGuard(['10.0.0.0/99'])).toThrow(/WEBHOOK_ALLOWED_PRIVATE_NETWORKS/);
  });

  it('refuses a host when any of its addresses is not public', async () => {
    const guard = new WebhookTargetGuard([], (host) =>
      Promise.resolve(host === 'mixed.example' ? ['93.184.216.34', '10.0.0.7'] : ['93.184.216.34']),
    );
    expect(await guard.checkHost('public.example')).toBeNull();
    expect(await guard.checkHost('mixed.example')).toMatchObject({
      reason: 'URL_NOT_PUBLIC',
      message: 'mixed.example resolves to 10.0.0.7, a private address',
      address: '10.0.0.7',
    });
  });

  it('checks IP literals without resolving them, and refuses a host that does not resolve', async () => {
    const lookups: string[] = [];
    const guard = new WebhookTargetGuard([], (host) => {
      lookups.push(host);
      return Promise.reject(new Error('ENOTFOUND'));
    });
    expect(await guard.checkHost('[fd00::1]')).toMatchObject({ reason: 'URL_NOT_PUBLIC' });
    expect(await guard.checkHost('8.8.4.4')).toBeNull();
    expect(lookups).toEqual([]);
    expect(await guard.checkHost('nowhere.invalid')).toMatchObject({ reason: 'URL_UNRESOLVABLE' });
  });

  it('fails a connection whose name resolves to a refused address (the HTTP lookup)', async () => {
    const guard = new WebhookTargetGuard([]);
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      guard.lookup('localhost', { all: true }, (failure) => resolve(failure)),
    );
    expect(error?.code).toBe('EWEBHOOKTARGET');
    expect(error?.message).toMatch(
      /^refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; webhooks may only/,
    );

    const allowed = new WebhookTargetGuard(['127.0.0.0/8', '::1/128']);
    const address = await new Promise<unknown>((resolve, reject) =>
      allowed.lookup('localhost', {}, (failure, found) => (failure ? reject(failure) : resolve(found))),
    );
    expect(typeof address).toBe('string');
  });
});
