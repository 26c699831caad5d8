import { isIPv6 } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * One entry of the IANA IPv4 or IPv6 Special-Purpose Address Registry (RFC 6890 and its updates, RFC 8190):
 * the block, its name and RFC as the registry gives them, and its "Globally Reachable" flag (null where the
 * registry says N/A). A few entries come from the address-space registries instead (multicast, the IPv6 space
 * outside 2000::/3, deprecated forms); `registry` says which.
 */
export interface SpecialPurposeBlock {
  cidr: string;
  name: string;
  rfc: string;
  globallyReachable: boolean | null;
  registry: 'special-purpose' | 'address-space';
  /**
   * Our policy, not the registry's: the byte at which an IPv6 address of this block carries an IPv4 address
   * that decides instead of the block's flag (IPv4-mapped, the NAT64 well-known prefix, 6to4).
   */
  embeddedIpv4At?: number;
}

const special = (cidr: string, name: string, rfc: string, globallyReachable: boolean | null) =>
  ({ cidr, name, rfc, globallyReachable, registry: 'special-purpose' }) as const satisfies SpecialPurposeBlock;
const space = (cidr: string, name: string, rfc: string) =>
  ({ cidr, name, rfc, globallyReachable: false, registry: 'address-space' }) as const satisfies SpecialPurposeBlock;

/** iana-ipv4-special-registry, and multicast from the IPv4 address space registry. */
export const IPV4_SPECIAL_PURPOSE_BLOCKS: readonly SpecialPurposeBlock[] = [
  special('0.0.0.0/8', '"This network"', 'RFC 791, Section 3.2', false),
  special('0.0.0.0/32', '"This host on this network"', 'RFC 1122, Section 3.2.1.3', false),
  special('10.0.0.0/8', 'Private-Use', 'RFC 1918', false),
  special('100.64.0.0/10', 'Shared Address Space', 'RFC 6598', false),
  special('127.0.0.0/8', 'Loopback', 'RFC 1122, Section 3.2.1.3', false),
  special('169.254.0.0/16', 'Link Local', 'RFC 3927', false),
  special('172.16.0.0/12', 'Private-Use', 'RFC 1918', false),
  special('192.0.0.0/24', 'IETF Protocol Assignments', 'RFC 6890, Section 2.1', false),
  special('192.0.0.0/29', 'IPv4 Service Continuity Prefix', 'RFC 7335', false),
  special('192.0.0.8/32', 'IPv4 dummy address', 'RFC 7600', false),
  special('192.0.0.9/32', 'Port Control Protocol Anycast', 'RFC 7723', true),
  special('192.0.0.10/32', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', true),
  special('192.0.0.170/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050, Section 2.2', false),
  special('192.0.0.171/32', 'NAT64/DNS64 Discovery', 'RFC 8880, RFC 7050, Section 2.2', false),
  special('192.0.2.0/24', 'Documentation (TEST-NET-1)', 'RFC 5737', false),
  special('192.31.196.0/24', 'AS112-v4', 'RFC 7535', true),
  special('192.52.193.0/24', 'AMT', 'RFC 7450', true),
  special('192.88.99.0/24', 'Deprecated (6to4 Relay Anycast)', 'RFC 7526', null),
  special('192.88.99.2/32', '6a44-relay anycast address', 'RFC 6751', false),
  special('192.168.0.0/16', 'Private-Use', 'RFC 1918', false),
  special('192.175.48.0/24', 'Direct Delegation AS112 Service', 'RFC 7534', true),
  special('198.18.0.0/15', 'Benchmarking', 'RFC 2544', false),
  special('198.51.100.0/24', 'Documentation (TEST-NET-2)', 'RFC 5737', false),
  special('203.0.113.0/24', 'Documentation (TEST-NET-3)', 'RFC 5737', false),
  special('240.0.0.0/4', 'Reserved', 'RFC 1112, Section 4', false),
  special('255.255.255.255/32', 'Limited Broadcast', 'RFC 8190, RFC 919, Section 7', false),
  space('224.0.0.0/4', 'Multicast', 'RFC 5771'),
];

/**
 * iana-ipv6-special-registry; the deprecated IPv4-compatible, site-local and multicast blocks; and every part
 * of the IPv6 address space outside global unicast (2000::/3) that the IPv6 address space registry marks
 * "Reserved by IETF".
 */
export const IPV6_SPECIAL_PURPOSE_BLOCKS: readonly SpecialPurposeBlock[] = [
  special('::1/128', 'Loopback Address', 'RFC 4291', false),
  special('::/128', 'Unspecified Address', 'RFC 4291', false),
  { ...special('::ffff:0:0/96', 'IPv4-mapped Address', 'RFC 4291', false), embeddedIpv4At: 12 },
  { ...special('64:ff9b::/96', 'IPv4-IPv6 Translat.', 'RFC 6052', true), embeddedIpv4At: 12 },
  special('64:ff9b:1::/48', 'IPv4-IPv6 Translat.', 'RFC 8215', false),
  special('100::/64', 'Discard-Only Address Block', 'RFC 6666', false),
  special('100:0:0:1::/64', 'Dummy IPv6 Prefix', 'RFC 9780', false),
  special('2001::/23', 'IETF Protocol Assignments', 'RFC 2928', false),
  special('2001::/32', 'TEREDO', 'RFC 4380, RFC 8190', null),
  special('2001:1::1/128', 'Port Control Protocol Anycast', 'RFC 7723', true),
  special('2001:1::2/128', 'Traversal Using Relays around NAT Anycast', 'RFC 8155', true),
  special('2001:1::3/128', 'DNS-SD Service Registration Protocol Anycast', 'RFC 9665', true),
  special('2001:2::/48', 'Benchmarking', 'RFC 5180', false),
  special('2001:3::/32', 'AMT', 'RFC 7450', true),
  special('2001:4:112::/48', 'AS112-v6', 'RFC 7535', true),
  special('2001:10::/28', 'Deprecated (previously ORCHID)', 'RFC 4843', null),
  special('2001:20::/28', 'ORCHIDv2', 'RFC 7343', true),
  special('2001:30::/28', 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', 'RFC 9374', true),
  special('2001:db8::/32', 'Documentation', 'RFC 3849', false),
  { ...special('2002::/16', '6to4', 'RFC 3056', null), embeddedIpv4At: 2 },
  special('2620:4f:8000::/48', 'Direct Delegation AS112 Service', 'RFC 7534', true),
  special('3fff::/20', 'Documentation', 'RFC 9637', false),
  special('5f00::/16', 'Segment Routing (SRv6) SIDs', 'RFC 9602', false),
  special('fc00::/7', 'Unique-Local', 'RFC 4193, RFC 8190', false),
  special('fe80::/10', 'Link-Local Unicast', 'RFC 4291', false),
  space('::/96', 'IPv4-compatible IPv6 address (deprecated)', 'RFC 4291, Section 2.5.5.1'),
  space('fec0::/10', 'Site-local unicast (deprecated)', 'RFC 3879'),
  space('ff00::/8', 'Multicast', 'RFC 4291'),
  ...[
    '::/8',
    '100::/8',
    '200::/7',
    '400::/6',
    '800::/5',
    '1000::/4',
    '4000::/3',
    '6000::/3',
    '8000::/3',
    'a000::/3',
    'c000::/3',
    'e000::/4',
    'f000::/5',
    'f800::/6',
    'fe00::/9',
  ].map((cidr) => space(cidr, 'Reserved by IETF', 'RFC 4291')),
];

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const parsedBlocks = [...IPV4_SPECIAL_PURPOSE_BLOCKS, ...IPV6_SPECIAL_PURPOSE_BLOCKS].map((block) => {
  const [network, bits] = ipaddr.parseCIDR(block.cidr);
  return { block, network, bits };
});

/**
 * An IP address in any form a connection accepts, or null: IPv4 also in the numeric forms of inet_aton
 * (`2130706433`, `0x7f.1`, `0177.0.0.1`); IPv6 with or without brackets and a zone (`fe80::1%eth0`).
 */
export function parseIpAddress(text: string): Address | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  if (bare.includes(':')) {
    if (!isIPv6(bare)) return null;
    // ipaddr.js reads `::127.0.0.1` as IPv4-mapped (it is IPv4-compatible, ::7f00:1); the WHATWG URL parser
    // writes every IPv6 address in hexadecimal words, which ipaddr.js reads right.
    return ipaddr.IPv6.parse(new URL(`http://[${bare}]/`).hostname.slice(1, -1));
  }
  return ipaddr.IPv4.isValid(bare) ? ipaddr.IPv4.parse(bare) : null;
}

/** The most specific block `address` is in, or null for an ordinary global unicast address. */
function blockOf(address: Address): SpecialPurposeBlock | null {
  let found: { block: SpecialPurposeBlock; bits: number } | null = null;
  for (const { block, network, bits } of parsedBlocks) {
    if (network.kind() !== address.kind() || (found && found.bits >= bits)) continue;
    if (address.match(network, bits)) found = { block, bits };
  }
  return found?.block ?? null;
}

export interface AddressJudgement {
  /** The address in its normal form. */
  address: string;
  /** Globally reachable: a webhook may connect to it. */
  global: boolean;
  /** The most specific block it is in; null for ordinary global unicast. */
  block: SpecialPurposeBlock | null;
  /** For an IPv6 address carrying an IPv4 address (IPv4-mapped, NAT64, 6to4): the IPv4 address's judgement. */
  carried?: AddressJudgement;
}

/**
 * Whether `address` is globally reachable, by the registries' own flag of the most specific block it is in
 * (no block: ordinary global unicast, reachable). Our policy where the flag does not settle it:
 * - N/A in the registry (Teredo `2001::/32`, the ORCHID and 6to4-relay leftovers): not reachable.
 * - IPv4-mapped `::ffff:0:0/96`, the NAT64 well-known prefix `64:ff9b::/96` and 6to4 `2002::/16` carry an
 *   IPv4 address in a fixed place: the IPv4 address decides (`64:ff9b::7f00:1` is loopback behind a NAT64).
 * - The local-use NAT64 prefix `64:ff9b:1::/48` (registry: not global) is refused: where it carries the IPv4
 *   address depends on the operator's prefix length.
 * - IPv4-compatible `::/96` (deprecated) is refused outright, whatever it carries.
 * Null when `address` is not an IP address.
 */
export function judgeAddress(address: string | Address): AddressJudgement | null {
  const parsed = typeof address === 'string' ? parseIpAddress(address) : address;
  if (!parsed) return null;
  const block = blockOf(parsed);
  const normal = parsed.toString();
  if (block?.embeddedIpv4At !== undefined && parsed.kind() === 'ipv6') {
    const at = block.embeddedIpv4At;
    const carried = judgeAddress(new ipaddr.IPv4(parsed.toByteArray().slice(at, at + 4)))!;
    return { address: normal, global: carried.global, block, carried };
  }
  return { address: normal, global: block ? block.globallyReachable === true : true, block };
}

/** The judgement's blocks for a message: `Loopback, RFC 1122, Section 3.2.1.3`, or `6to4, RFC 3056, carrying …`. */
export function describeJudgement(judgement: AddressJudgement): string {
  if (!judgement.block) return 'global unicast';
  const own = `${judgement.block.name}, ${judgement.block.rfc}`;
  return judgement.carried ? `${own}, carrying ${describeJudgement(judgement.carried)}` : own;
}
