import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** How the ranges that are not public unicast read in a refusal. */
const RANGE_LABELS: Record<string, string> = {
  unspecified: 'an unspecified',
  broadcast: 'a broadcast',
  multicast: 'a multicast',
  linkLocal: 'a link-local',
  loopback: 'a loopback',
  carrierGradeNat: 'a carrier-grade NAT (shared)',
  private: 'a private',
  reserved: 'a reserved',
  benchmarking: 'a benchmarking',
  amt: 'an AMT relay',
  as112: 'an AS112',
  as112v6: 'an AS112',
  uniqueLocal: 'a unique-local',
  ipv4Mapped: 'an IPv4-mapped',
  rfc6145: 'an IPv4-translated',
  rfc6052: 'a NAT64',
  '6to4': 'a 6to4',
  teredo: 'a Teredo',
  deprecatedSiteLocal: 'a site-local',
  discard: 'a discard-only',
  deprecatedOrchid: 'an ORCHID',
  orchid2: 'an ORCHID',
  droneRemoteIdProtocolEntityTags: 'a drone remote ID',
  segmentRouting: 'a segment-routing',
};

/**
 * The special range `address` is in (ipaddr.js names: `loopback`, `private`, `linkLocal`, `uniqueLocal`,
 * `carrierGradeNat`, `multicast`, `unspecified`, `reserved`, …), or null for a public unicast address. An
 * IPv4-mapped IPv6 address (`::ffff:10.0.0.1`) is judged as the IPv4 address it carries; an address that does
 * not parse is `invalid`.
 */
export function specialRange(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return 'invalid';
  const range = parsed.range();
  return range === 'unicast' ? null : range;
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  try {
    return ipaddr.process(bare);
  } catch {
    return null;
  }
}

export type HostLookup = (hostname: string) => Promise<string[]>;

const systemLookup: HostLookup = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Why a host cannot be a webhook target. */
export type TargetRefusalReason = 'URL_UNRESOLVABLE' | 'URL_NOT_PUBLIC';

export class TargetRefusal {
  constructor(
    readonly reason: TargetRefusalReason,
    readonly message: string,
    readonly address?: string,
  ) {}
}

/**
 * The SSRF guard of webhooks: only public unicast addresses may be reached, unless an address is inside one
 * of the configured exceptions (WEBHOOK_ALLOWED_PRIVATE_NETWORKS). Checked when an endpoint is registered or
 * changed, and again on every connection (the `lookup` of the HTTP request), so a name that later resolves
 * to an internal address (DNS rebinding) is refused too.
 */
export class WebhookTargetGuard {
  private readonly allowed: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(
    allowedNetworks: readonly string[],
    private readonly resolveHost: HostLookup = systemLookup,
  ) {
    this.allowed = allowedNetworks.map((cidr) => {
      try {
        return ipaddr.parseCIDR(cidr);
      } catch {
        throw new Error(`WEBHOOK_ALLOWED_PRIVATE_NETWORKS: ${cidr} is not a CIDR range`);
      }
    });
  }

  /** Null when `address` may be reached; else what it is, for the refusal (e.g. `10.0.0.5 is a private address`). */
  refusalOf(address: string): string | null {
    const refused = this.refused(address);
    return refused && `${refused.address} is ${refused.kind} address`;
  }

  /** Null when `address` may be reached; else the address (normalised) and the kind of range it is in. */
  private refused(address: string): { address: string; kind: string } | null {
    const parsed = parseAddress(address);
    if (!parsed) return { address, kind: 'not an IP' };
    const range = parsed.range();
    if (range === 'unicast') return null;
    const inException = this.allowed.some(
      ([network, bits]) => network.kind() === parsed.kind() && parsed.match(network, bits),
    );
    if (inException) return null;
    return { address: parsed.toString(), kind: RANGE_LABELS[range] ?? `a ${range}` };
  }

  /** `host resolves to 10.0.0.5, a private address`, for the first address of `addresses` that may not be reached. */
  private hostRefusal(host: string, addresses: readonly string[]): { message: string; address: string } | null {
    for (const address of addresses) {
      const refused = this.refused(address);
      if (refused) {
        return { message: `${host} resolves to ${refused.address}, ${refused.kind} address`, address: refused.address };
      }
    }
    return null;
  }

  /** Resolves `hostname` (every address) and refuses it when it does not resolve or any address may not be reached. */
  async checkHost(hostname: string): Promise<TargetRefusal | null> {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = this.refusalOf(host);
      return refusal ? new TargetRefusal('URL_NOT_PUBLIC', refusal, host) : null;
    }
    const addresses = await this.resolveHost(host).catch((): string[] => []);
    if (addresses.length === 0) return new TargetRefusal('URL_UNRESOLVABLE', `${host} does not resolve`);
    const refused = this.hostRefusal(host, addresses);
    return refused ? new TargetRefusal('URL_NOT_PUBLIC', refused.message, refused.address) : null;
  }

  /**
   * A `lookup` for `http.request`: resolves as the system does, and fails the connection when any of the
   * addresses may not be reached. (Node skips the lookup for an IP literal; check those with `refusalOf`.)
   */
  readonly lookup: LookupFunction = (hostname, options: LookupOptions, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, options.all ? [] : '', 0);
        return;
      }
      const refusal = this.hostRefusal(
        hostname,
        addresses.map((entry) => entry.address),
      );
      if (refusal || addresses.length === 0) {
        const refused: NodeJS.ErrnoException = new Error(
          `refused: ${refusal?.message ?? `${hostname} resolves to no address`}; webhooks may only reach public addresses`,
        );
        refused.code = 'EWEBHOOKTARGET';
        callback(refused, options.all ? [] : '', 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
