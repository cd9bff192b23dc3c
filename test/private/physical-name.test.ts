import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { stackIdSuffix, uniquePhysicalName } from '../../src/private/physical-name';
import { resolveName, TWO_STACK_IDS } from '../names';

function scopeAt(...ids: string[]): { stack: Stack; scope: Construct } {
  const stack = new Stack(new App(), 'DataStack');
  let scope: Construct = stack;
  for (const id of ids) {
    scope = new Construct(scope, id);
  }
  return { stack, scope };
}

describe('stackIdSuffix', () => {
  test('is the first 8 hex digits of the UUID in the stack id', () => {
    const { stack, scope } = scopeAt('Orders');
    const suffix = stack.resolve(stackIdSuffix(scope));
    expect(resolveName(suffix, TWO_STACK_IDS[0])).toEqual('51af3dc0');
    expect(resolveName(suffix, TWO_STACK_IDS[1])).toEqual('9c1e04f0');
  });
});

describe('uniquePhysicalName', () => {
  test('differs between two stacks of one name and is stable within one', () => {
    const { stack, scope } = scopeAt('Orders');
    const name = stack.resolve(uniquePhysicalName(scope, { maxLength: 50 }));
    const [first, second] = TWO_STACK_IDS.map((id) => resolveName(name, id));
    expect(first).toMatch(/^DataStack-Orders-[A-F0-9]{8}-51af3dc0$/);
    expect(second).toEqual(first.replace('51af3dc0', '9c1e04f0'));
    expect(resolveName(stack.resolve(uniquePhysicalName(scope, { maxLength: 50 })), TWO_STACK_IDS[0])).toEqual(first);
  });

  test('keeps to maxLength, prefix and suffix included, on a 200-character path', () => {
    const { stack, scope } = scopeAt(...Array.from({ length: 10 }, (_, i) => `Level${i}WithAFairlyLongName`));
    expect(scope.node.path.length).toBeGreaterThan(200);
    for (const [maxLength, prefix] of [[50, ''], [63, ''], [256, 'aws-waf-logs-']] as const) {
      const name = resolveName(stack.resolve(uniquePhysicalName(scope, { maxLength, prefix })), TWO_STACK_IDS[0]);
      expect(name.length).toBeLessThanOrEqual(maxLength);
      expect(name.startsWith(prefix)).toBe(true);
      expect(name.endsWith('-51af3dc0')).toBe(true);
    }
  });

  test.each([
    ['Orders'],
    ['UPPER-case_Id'],
    ['--Odd__Name--'],
  ])('lowercase: an RDS-style name (letter first, lowercase, single hyphens) for the id %s', (id) => {
    const { stack, scope } = scopeAt(id);
    for (const stackId of TWO_STACK_IDS) {
      const name = resolveName(stack.resolve(uniquePhysicalName(scope, { maxLength: 50, lowercase: true })), stackId);
      expect(name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(name.length).toBeLessThanOrEqual(50);
    }
  });
});
