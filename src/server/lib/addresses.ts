import { lookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { beforeAny } from './text.ts';

/**
 * Where a harvest must not go unless the operator allows it: this host, private and shared
 * networks, link-local (where clouds answer with their credentials), and what is not unicast.
 *
 * An IPv4 address is also matched against the IPv6 rules as `::ffff:a.b.c.d` (and an IPv4-mapped
 * IPv6 address against the IPv4 rules): so no rule here may cover `::ffff:0:0/96`, or every IPv4
 * address would be refused.
 */
const NOT_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], ['10.0.0.0', 8, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.0.0.0', 24, 'ipv4'], ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'], ['224.0.0.0', 3, 'ipv4'],
  // Unspecified, loopback and IPv4-compatible; Teredo; local-use NAT64; unique local; link-local; multicast.
  ['::', 96, 'ipv6'], ['2001::', 32, 'ipv6'], ['64:ff9b:1::', 48, 'ipv6'], ['fc00::', 7, 'ipv6'], ['fe80::', 10, 'ipv6'], ['ff00::', 8, 'ipv6'],
];
const notPublic = new BlockList();
for (const [network, prefix, family] of NOT_PUBLIC) notPublic.addSubnet(network, prefix, family);

/** This host's own networks, where the tests' fake portals listen. */
export const LOOPBACK: readonly string[] = ['127.0.0.0/8', '::1'];

const REFUSED_REASON = 'is a private or local network address; harvests reach those only when TALSINKI_HARVEST_ALLOW_NETWORKS allows them';

/** Addresses and CIDR subnets (`10.20.0.0/16`, `192.168.1.5`, `fd00::/8`), or why one is not. */
export function networkList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefixText, extra] = entry.trim().split('/');
    const family = isIP(address);
    const most = family === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? most : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (!family || extra !== undefined || !(prefix >= 0 && prefix <= most)) {
      throw new Error(`"${entry}" is not an address or a subnet such as 10.20.0.0/16`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

const DIGITS = /^\d+$/;

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = beforeAny(address.toLowerCase(), '%');
  // An IPv4 address written in the last 32 bits (::ffff:192.0.2.1) becomes two groups.
  const lastColon = text.lastIndexOf(':');
  const octets = text.slice(lastColon + 1).split('.');
  if (octets.length === 4 && octets.every((octet) => DIGITS.test(octet))) {
    const [a, b, c, d] = octets.map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const groups = (part: string | undefined) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const [head, tail] = text.split('::');
  if (tail === undefined) return groups(head);
  const left = groups(head);
  const right = groups(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** The IPv4 address a NAT64 (`64:ff9b::/96`) or 6to4 (`2002::/16`) address leads to, if it is one. */
function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  const dotted = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((group) => group === 0)) return dotted(g[6], g[7]);
  if (g[0] === 0x2002) return dotted(g[1], g[2]);
  return null;
}

/** Whether a harvest may not connect to this address (an IP, never a name). */
export function isRefusedAddress(address: string, allowed: BlockList): boolean {
  const family = isIP(address);
  if (!family) return true;
  const embedded = family === 6 ? embeddedIpv4(address) : null;
  if (embedded) return isRefusedAddress(embedded, allowed);
  const type = family === 6 ? 'ipv6' : 'ipv4';
  return notPublic.check(address, type) && !allowed.check(address, type);
}

/** A connection refused by the address check; not retried. */
/** A name that resolved to a refused address: `host` as it was written, `address` what it resolved to. */
export class RefusedAddress extends Error {
  override name = 'RefusedAddress';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} (${address}) ${REFUSED_REASON}`);
  }
}

/**
 * The resolver connections use: a name is checked in the same lookup the socket connects with,
 * so a name that answers a public address first and a private one next (DNS rebinding) is caught.
 */
export function guardedLookup(allowed: BlockList): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((found) => isRefusedAddress(found.address, allowed));
      if (refused) return callback(new RefusedAddress(hostname, refused.address), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
