import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { describeJudgement, judgeAddress, parseIpAddress, type AddressJudgement } from './special-purpose-addresses.js';

export type HostLookup = (hostname: string) => Promise<string[]>;

const systemLookup: HostLookup = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Why a host cannot be a webhook target. */
export type TargetRefusalReason = 'URL_UNRESOLVABLE' | 'URL_NOT_PUBLIC';

/**
 * A refused target. The message never holds an address the host resolved to (nor that it resolved to one):
 * it is shown to the agency and stored with the delivery, and must not map the hub's internal network.
 */
export class TargetRefusal {
  constructor(
    readonly reason: TargetRefusalReason,
    readonly message: string,
  ) {}
}

/** The `code` of a connection the guard's lookup failed. */
export const TARGET_REFUSED_CODE = 'EWEBHOOKTARGET';

export const RESOLVES_TO_NON_PUBLIC = 'the webhook URL resolves to an address that is not publicly routable';
export const DOES_NOT_RESOLVE = 'the webhook URL’s host does not resolve';

/**
 * The SSRF guard of webhooks: only globally reachable addresses (`judgeAddress`: the IANA special-purpose
 * registries) may be reached, unless an address is inside one of the configured exceptions
 * (WEBHOOK_ALLOWED_PRIVATE_NETWORKS). Checked when an endpoint is registered or changed, and again on every
 * connection (the `lookup` of the HTTP request), so a name that later resolves to an internal address (DNS
 * rebinding) is refused too. Both go through `mayReach`.
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

  /** Null when `address` may be reached; else the judgement that refuses it (no block: not an IP address). */
  private refused(address: string): AddressJudgement | null {
    const parsed = parseIpAddress(address);
    if (!parsed) return { address, global: false, block: null };
    // An IPv4-mapped address connects to the IPv4 address it carries: the exceptions apply to that.
    const connected =
      parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()
        ? (parsed as ipaddr.IPv6).toIPv4Address()
        : parsed;
    const inException = this.allowed.some(
      ([network, bits]) => network.kind() === connected.kind() && connected.match(network, bits),
    );
    if (inException) return null;
    const judgement = judgeAddress(parsed)!;
    return judgement.global ? null : judgement;
  }

  /** Whether a connection may go to `address` (an IP address in any form; anything else may not). */
  mayReach(address: string): boolean {
    return this.refused(address) === null;
  }

  /**
   * Null when the IP literal `address` of a URL may be reached; else why not, naming the range (e.g. `the
   * webhook URL’s address is not publicly routable (Loopback, RFC 1122, Section 3.2.1.3)`). Only for an
   * address the URL itself holds: what a host resolves to is never described.
   */
  refusalOf(address: string): string | null {
    const refused = this.refused(address);
    if (!refused) return null;
    const range = refused.block ? ` (${describeJudgement(refused)})` : '';
    return `the webhook URL’s address is not publicly routable${range}`;
  }

  /** Resolves `hostname` (every address) and refuses it when it does not resolve or any address may not be reached. */
  async checkHost(hostname: string): Promise<TargetRefusal | null> {
    const host = hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) {
      const refusal = this.refusalOf(host);
      return refusal ? new TargetRefusal('URL_NOT_PUBLIC', refusal) : null;
    }
    const addresses = await this.resolveHost(host).catch((): string[] => []);
    if (addresses.length === 0) return new TargetRefusal('URL_UNRESOLVABLE', DOES_NOT_RESOLVE);
    return addresses.every((address) => this.mayReach(address))
      ? null
      : new TargetRefusal('URL_NOT_PUBLIC', RESOLVES_TO_NON_PUBLIC);
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
      const reachable = addresses.length > 0 && addresses.every((entry) => this.mayReach(entry.address));
      if (!reachable) {
        const refused: NodeJS.ErrnoException = new Error(
          `refused: ${addresses.length > 0 ? RESOLVES_TO_NON_PUBLIC : DOES_NOT_RESOLVE}; webhooks may only reach public addresses`,
        );
        refused.code = TARGET_REFUSED_CODE;
        callback(refused, options.all ? [] : '', 0);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
