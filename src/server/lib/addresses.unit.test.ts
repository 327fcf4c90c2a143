import { describe, expect, it } from 'vitest';
import { isRefusedAddress, LOOPBACK, networkList } from './addresses.ts';

const none = networkList([]);

describe('isRefusedAddress', () => {
  it('lets public addresses through, IPv4 and IPv6, however written', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4010:c0e::64', '::ffff:93.184.216.34', '::ffff:5db8:d822', '64:ff9b::5db8:d822', '2002:5db8:d822::1']) {
      expect(isRefusedAddress(address, none), address).toBe(false);
    }
  });

  it('refuses this host, private, shared, link-local and non-unicast addresses, also inside IPv6 forms', () => {
    for (const address of [
      '127.0.0.1', '127.8.9.10', '0.0.0.0', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '100.64.0.1', '169.254.169.254', '192.0.0.8', '198.18.0.1', '224.0.0.1', '255.255.255.255',
      '::', '::1', '::7f00:1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:a9fe:a9fe', 'fd00::1', 'fc12::1', 'fe80::1', 'fe80::1%eth0', 'ff02::1',
      '64:ff9b::a9fe:a9fe', '64:ff9b::127.0.0.1', '64:ff9b:1::1', '2002:a9fe:a9fe::', '2002:c0a8:101::1', '2001::1', 'not an address',
    ]) {
      expect(isRefusedAddress(address, none), address).toBe(true);
    }
  });

  it('lets through the networks the operator names, and only those', () => {
    const intranet = networkList(['10.20.0.0/16', '192.168.1.5', 'fd00:1::/32']);
    expect(isRefusedAddress('10.20.3.4', intranet)).toBe(false);
    expect(isRefusedAddress('10.21.3.4', intranet)).toBe(true);
    expect(isRefusedAddress('192.168.1.5', intranet)).toBe(false);
    expect(isRefusedAddress('192.168.1.6', intranet)).toBe(true);
    expect(isRefusedAddress('fd00:1::9', intranet)).toBe(false);
    expect(isRefusedAddress('fd00:2::9', intranet)).toBe(true);
    expect(isRefusedAddress('169.254.169.254', intranet)).toBe(true);
    const loopback = networkList(LOOPBACK);
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map((address) => isRefusedAddress(address, loopback))).toEqual([false, false, false]);
  });
});
