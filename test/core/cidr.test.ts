import { addressesNeededForSequentialSubnets, allocateSequentialSubnets, formatIpv4Cidr, parseIpv4Cidr, summarizeIpv4Cidrs } from '../../src/core/cidr';

describe('parseIpv4Cidr', () => {
  test.each([
    ['10.0.0.0/16', { address: 0x0a000000, prefix: 16 }],
    ['192.168.1.128/25', { address: 0xc0a80180, prefix: 25 }],
    ['255.255.255.255/32', { address: 0xffffffff, prefix: 32 }],
  ])('parses %s', (text, expected) => {
    expect(parseIpv4Cidr(text)).toEqual(expected);
    expect(formatIpv4Cidr(expected)).toEqual(text);
  });

  test.each(['10.0.0.0', '10.0.0/16', '256.0.0.0/16', '10.0.0.0/33', '10.0.0.0/16 extra', 'ten/16', ''])('rejects %j', (text) => {
    expect(parseIpv4Cidr(text)).toBeUndefined();
  });
});

describe('addressesNeededForSequentialSubnets', () => {
  test('aligns each subnet to its own size, as ec2.Vpc does', () => {
    // 3 x /24 end at 768; the first /20 must start at 4096.
    expect(addressesNeededForSequentialSubnets([24, 24, 24, 20])).toEqual(4096 + 4096);
    expect(addressesNeededForSequentialSubnets([20, 24])).toEqual(4096 + 256);
    expect(addressesNeededForSequentialSubnets([])).toEqual(0);
  });
});

describe('summarizeIpv4Cidrs', () => {
  test('merges adjacent subnets into aligned blocks', () => {
    expect(summarizeIpv4Cidrs(['10.0.1.0/24', '10.0.0.0/24'])).toEqual(['10.0.0.0/23']);
    expect(summarizeIpv4Cidrs(['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'])).toEqual(['10.0.0.0/23', '10.0.2.0/24']);
    expect(summarizeIpv4Cidrs(['10.0.1.0/24', '10.0.2.0/24'])).toEqual(['10.0.1.0/24', '10.0.2.0/24']);
  });

  test('keeps gaps out', () => {
    expect(summarizeIpv4Cidrs(['10.0.0.0/24', '10.0.4.0/24'])).toEqual(['10.0.0.0/24', '10.0.4.0/24']);
  });

  test('rejects anything that is not a CIDR block', () => {
    expect(() => summarizeIpv4Cidrs(['${Token[X]}'])).toThrow(new Error("Cannot summarise '${Token[X]}': it is not an IPv4 CIDR block."));
  });
});

describe('allocateSequentialSubnets', () => {
  test('hands out each subnet at the next address aligned to its size', () => {
    expect(allocateSequentialSubnets('10.0.0.0/16', [24, 24, 24, 20, 20])).toEqual([
      '10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24', '10.0.16.0/20', '10.0.32.0/20',
    ]);
    expect(allocateSequentialSubnets('172.16.4.0/22', [25, 26, 25])).toEqual(['172.16.4.0/25', '172.16.4.128/26', '172.16.5.0/25']);
  });

  test('rejects a VPC CIDR that is not one', () => {
    expect(() => allocateSequentialSubnets('10.0.0/16', [24])).toThrow(new Error("Cannot allocate subnets in '10.0.0/16': it is not an IPv4 CIDR block."));
  });
});
