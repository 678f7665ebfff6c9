import ipaddr from 'ipaddr.js';

/** 2000::/3, the only IPv6 block IANA hands out as global unicast; everything outside it is special or unassigned. */
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Whether an outgoing federation request may connect to this IP address: only public unicast addresses may.
 * Refuses loopback, private, link-local, unspecified, carrier-grade NAT, multicast, broadcast, documentation and
 * other reserved ranges, IPv6 forms that embed an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo; the mapped form is
 * judged by the IPv4 address inside it), and anything that is not an IP address at all.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.range() !== 'unicast') return false;
  return parsed.kind() === 'ipv4' || parsed.match(IPV6_GLOBAL_UNICAST);
}
