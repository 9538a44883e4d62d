import { isIPv6 } from 'node:net';

/** The first four groups of an IPv6 address, '::' written out: its /64. */
function ipv6Block(address: string): string {
  const [head = '', tail] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Whom sign-in attempts count against: the address the connection comes from. X-Forwarded-For is never read: anyone
 * can write it, and the server has no setting that names a proxy in front of it to be believed. An IPv4 address
 * that reaches an IPv6 socket counts as itself; an IPv6 address counts by its /64, the block one home or one machine
 * is given, so stepping through the block earns no fresh allowance.
 */
export function clientAddress(remoteAddress: string | undefined): string {
  const address = (remoteAddress ?? 'unknown').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  return isIPv6(address) ? ipv6Block(address) : address;
}
