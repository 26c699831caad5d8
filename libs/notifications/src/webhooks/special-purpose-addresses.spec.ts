import ipaddr from 'ipaddr.js';
import {
  IPV4_SPECIAL_PURPOSE_BLOCKS,
  IPV6_SPECIAL_PURPOSE_BLOCKS,
  judgeAddress,
  parseIpAddress,
} from './special-purpose-addresses.js';
import { parseWebhookUrl } from './webhook-rules.js';

describe('judgeAddress (IANA special-purpose address registries)', () => {
  // [form as written, the block that refuses it (the carried IPv4 address's block where one is carried)]
  it.each([
    ['127.0.0.1', 'Loopback'],
    ['127.255.255.254', 'Loopback'],
    ['2130706433', 'Loopback'], // decimal
    ['0x7f000001', 'Loopback'], // hexadecimal
    ['0x7f.1', 'Loopback'],
    ['0177.0.0.1', 'Loopback'], // octal
    ['127.1', 'Loopback'],
    ['0.0.0.0', '"This host on this network"'],
    ['0.1.2.3', '"This network"'],
    ['10.0.0.5', 'Private-Use'],
    ['172.16.0.1', 'Private-Use'],
    ['172.31.255.255', 'Private-Use'],
    ['192.168.1.1', 'Private-Use'],
    ['100.64.0.1', 'Shared Address Space'],
    ['100.127.255.255', 'Shared Address Space'],
    ['169.254.169.254', 'Link Local'],
    ['192.0.0.1', 'IPv4 Service Continuity Prefix'],
    ['192.0.0.8', 'IPv4 dummy address'],
    ['192.0.0.170', 'NAT64/DNS64 Discovery'],
    ['192.0.0.200', 'IETF Protocol Assignments'],
    ['192.0.2.10', 'Documentation (TEST-NET-1)'],
    ['198.51.100.7', 'Documentation (TEST-NET-2)'],
    ['203.0.113.1', 'Documentation (TEST-NET-3)'],
    ['198.18.0.1', 'Benchmarking'],
    ['198.19.255.255', 'Benchmarking'],
    ['192.88.99.1', 'Deprecated (6to4 Relay Anycast)'],
    ['224.0.0.1', 'Multicast'],
    ['239.255.255.250', 'Multicast'],
    ['240.0.0.1', 'Reserved'],
    ['255.255.255.254', 'Reserved'],
    ['255.255.255.255', 'Limited Broadcast'],
    ['::', 'Unspecified Address'],
    ['[::]', 'Unspecified Address'],
    ['::1', 'Loopback Address'],
    ['::127.0.0.1', 'IPv4-compatible IPv6 address (deprecated)'],
    ['::7f00:1', 'IPv4-compatible IPv6 address (deprecated)'],
    ['::8.8.8.8', 'IPv4-compatible IPv6 address (deprecated)'], // refused whatever it carries
    ['::ffff:127.0.0.1', 'Loopback'],
    ['::ffff:7f00:1', 'Loopback'],
    ['::ffff:10.0.0.5', 'Private-Use'],
    ['::ffff:a9fe:a9fe', 'Link Local'],
    ['64:ff9b::7f00:1', 'Loopback'],
    ['64:ff9b::10.0.0.1', 'Private-Use'],
    ['64:ff9b:1::808:808', 'IPv4-IPv6 Translat.'], // local-use NAT64 prefix
    ['2002:7f00:1::', 'Loopback'],
    ['2002:a00:5::1', 'Private-Use'],
    ['2002:c0a8:101::1', 'Private-Use'],
    ['2001::1', 'TEREDO'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'TEREDO'],
    ['2001:2::1', 'Benchmarking'],
    ['2001:10::1', 'Deprecated (previously ORCHID)'],
    ['2001:db8::1', 'Documentation'],
    ['3fff::1', 'Documentation'],
    ['5f00::1', 'Segment Routing (SRv6) SIDs'],
    ['100::1', 'Discard-Only Address Block'],
    ['fc00::', 'Unique-Local'],
    ['fd12:3456::1', 'Unique-Local'],
    ['fe80::1', 'Link-Local Unicast'],
    ['fe80::1%eth0', 'Link-Local Unicast'],
    ['[fe80::1%25eth0]', 'Link-Local Unicast'],
    ['fec0::1', 'Site-local unicast (deprecated)'],
    ['ff02::1', 'Multicast'],
    ['ff0e::1', 'Multicast'],
    ['4000::1', 'Reserved by IETF'],
    ['::2:3:4:5', 'Reserved by IETF'],
  ])('refuses %s (%s)', (address, name) => {
    const judgement = judgeAddress(address);
    expect(judgement).not.toBeNull();
    expect(judgement!.global).toBe(false);
    expect((judgement!.carried ?? judgement!).block?.name).toBe(name);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '192.0.0.9', // PCP anycast: globally reachable in the registry
    '192.31.196.1', // AS112
    '223.255.255.255',
    '2606:4700:4700::1111',
    '2001:4860:4860::8888',
    '2001:20::1', // ORCHIDv2
    '::ffff:8.8.8.8',
    '64:ff9b::808:808', // NAT64 of 8.8.8.8
    '2002:808:808::1', // 6to4 of 8.8.8.8
  ])('allows the globally reachable %s', (address) => {
    expect(judgeAddress(address)).toMatchObject({ global: true });
  });

  it('is null for what is not an IP address', () => {
    for (const text of ['not-an-address', '1.2.3.4.5', '::g', '', '256.0.0.1']) expect(judgeAddress(text)).toBeNull();
  });

  it.each([
    ['http://[::127.0.0.1]/', 'IPv4-compatible IPv6 address (deprecated)'],
    ['http://[::ffff:127.0.0.1]/', 'Loopback'],
    ['http://2130706433/', 'Loopback'],
    ['http://0x7f.1/', 'Loopback'],
    ['http://0177.0.0.1/', 'Loopback'],
    ['http://0/', '"This host on this network"'],
    ['http://[64:ff9b::127.0.0.1]/', 'Loopback'],
    ['http://[2002:7f00:1::]/', 'Loopback'],
    ['http://[::]/', 'Unspecified Address'],
  ])('refuses the host of %s as the URL parser normalises it (%s)', (url, name) => {
    const judgement = judgeAddress(parseWebhookUrl(url, 'url').hostname);
    expect(judgement?.global).toBe(false);
    expect((judgement!.carried ?? judgement!).block?.name).toBe(name);
  });

  it('reads ::a.b.c.d as IPv4-compatible, not IPv4-mapped', () => {
    expect(parseIpAddress('::127.0.0.1')?.toString()).toBe('::7f00:1');
  });

  it('holds well-formed registry entries, each block once', () => {
    for (const block of [...IPV4_SPECIAL_PURPOSE_BLOCKS, ...IPV6_SPECIAL_PURPOSE_BLOCKS]) {
      const [network] = ipaddr.parseCIDR(block.cidr);
      const base =
        network.kind() === 'ipv4'
          ? ipaddr.IPv4.networkAddressFromCIDR(block.cidr)
          : ipaddr.IPv6.networkAddressFromCIDR(block.cidr);
      expect([block.cidr, network.toString()]).toEqual([block.cidr, base.toString()]); // no host bits
      expect(block.name).not.toBe('');
      expect(block.rfc).toMatch(/^RFC \d+/);
    }
    const cidrs = [...IPV4_SPECIAL_PURPOSE_BLOCKS, ...IPV6_SPECIAL_PURPOSE_BLOCKS].map((block) => block.cidr);
    expect(new Set(cidrs).size).toBe(cidrs.length);
  });
});
