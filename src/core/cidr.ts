/**
 * Small, dependency-free IPv4 CIDR arithmetic used to validate network props
 * before any construct is created, and to summarise a tier's subnets into as
 * few network ACL entries as possible.
 *
 * Addresses are held as unsigned 32-bit integers in plain JavaScript numbers.
 */

/** A parsed IPv4 CIDR block. */
export interface Ipv4Block {
  /** The first address of the block, as an unsigned 32-bit integer. */
  readonly address: number;
  /** The prefix length, 0 to 32. */
  readonly prefix: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Parses `a.b.c.d/n`. Returns `undefined` for anything that is not a
 * well-formed IPv4 CIDR (octets above 255, a prefix above 32, extra text).
 */
export function parseIpv4Cidr(value: string): Ipv4Block | undefined {
  const match = CIDR_PATTERN.exec(value.trim());
  if (!match) {
    return undefined;
  }
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = octets.reduce((sum, octet) => sum * 256 + octet, 0);
  return { address, prefix };
}

/** The number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The network address of `block`'s prefix that contains `block.address`. */
export function networkAddress(block: Ipv4Block): number {
  const size = blockSize(block.prefix);
  return Math.floor(block.address / size) * size;
}

/** Formats an address and prefix as `a.b.c.d/n`. */
export function formatIpv4Cidr(block: Ipv4Block): string {
  const a = block.address;
  return `${Math.floor(a / 2 ** 24) % 256}.${Math.floor(a / 2 ** 16) % 256}.${Math.floor(a / 2 ** 8) % 256}.${a % 256}/${block.prefix}`;
}

/**
 * Simulates how `ec2.Vpc` hands out subnets from its CIDR: in order, each
 * subnet at the next address aligned to its own size. Returns the number of
 * addresses used, so callers can compare it with the VPC's size.
 */
export function addressesNeededForSequentialSubnets(masks: number[]): number {
  let cursor = 0;
  for (const mask of masks) {
    const size = blockSize(mask);
    cursor = Math.ceil(cursor / size) * size + size;
  }
  return cursor;
}

/**
 * The subnets `ec2.Vpc` hands out from `vpcCidr` for `masks`, in order: each
 * at the next address aligned to its own size (the allocation that
 * `addressesNeededForSequentialSubnets` counts). The masks must fit the VPC.
 */
export function allocateSequentialSubnets(vpcCidr: string, masks: number[]): string[] {
  const vpc = parseIpv4Cidr(vpcCidr);
  if (!vpc) {
    throw new Error(`Cannot allocate subnets in '${vpcCidr}': it is not an IPv4 CIDR block.`);
  }
  const start = networkAddress(vpc);
  let cursor = 0;
  return masks.map((mask) => {
    const size = blockSize(mask);
    const offset = Math.ceil(cursor / size) * size;
    cursor = offset + size;
    return formatIpv4Cidr({ address: start + offset, prefix: mask });
  });
}

/**
 * Covers exactly the union of `cidrs` with the fewest aligned CIDR blocks.
 * Adjacent subnets of one tier (`10.0.0.0/24`, `10.0.1.0/24`) collapse to
 * `10.0.0.0/23`, which saves network ACL entries (20 rules per direction by default).
 */
export function summarizeIpv4Cidrs(cidrs: string[]): string[] {
  const ranges = cidrs
    .map((cidr) => {
      const block = parseIpv4Cidr(cidr);
      if (!block) {
        throw new Error(`Cannot summarise '${cidr}': it is not an IPv4 CIDR block.`);
      }
      const start = networkAddress(block);
      return { start, end: start + blockSize(block.prefix) };
    })
    .sort((a, b) => a.start - b.start);

  const merged: Array<{ start: number; end: number }> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end) {
      last.end = Math.max(last.end, range.end);
    } else {
      merged.push({ ...range });
    }
  }

  const blocks: string[] = [];
  for (const { start, end } of merged) {
    let cursor = start;
    while (cursor < end) {
      // The largest aligned block that starts at `cursor` and stays inside the range.
      let prefix = 32;
      while (prefix > 0) {
        const bigger = blockSize(prefix - 1);
        if (cursor % bigger !== 0 || cursor + bigger > end) {
          break;
        }
        prefix--;
      }
      blocks.push(formatIpv4Cidr({ address: cursor, prefix }));
      cursor += blockSize(prefix);
    }
  }
  return blocks;
}
