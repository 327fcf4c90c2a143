import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config.ts';
import { networkList } from '../lib/addresses.ts';

/**
 * Where the nearest of a number of proxies (`TALSINKI_TRUST_PROXY=1`) may connect from: this host
 * and the private networks a reverse proxy, a container network or a cloud load balancer uses. A
 * client that reaches the server directly from anywhere else cannot speak through the headers.
 */
export const NEAR_NETWORKS: readonly string[] = ['127.0.0.0/8', '::1', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'];
const near = networkList(NEAR_NETWORKS);

function inList(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Fastify's `trustProxy`, as a function of each address and its hop (0 is the peer of the socket,
 * 1 the right-most `X-Forwarded-For` entry, and so on leftwards). The client's address is the
 * first one not trusted, so the entries a client writes itself, on the left, are never read as
 * its address; `X-Forwarded-Proto` and `-Host` count only when the peer itself is trusted.
 *
 * Not a bare number: Fastify refuses to trust by hop count alone (a client reaching the server
 * directly could then write any address), so hop 0 must also come from a near network.
 */
export function proxyTrust(setting: TrustProxy): false | ((address: string, hop: number) => boolean) {
  if (!setting) return false;
  if ('hops' in setting) {
    const { hops } = setting;
    return (address, hop) => hop < hops && (hop > 0 || inList(near, address));
  }
  const trusted = networkList(setting.networks);
  return (address) => inList(trusted, address);
}
