/**
 * Resolves a name that CDK wrote as a CloudFormation expression, as
 * CloudFormation would for a stack whose id is `stackId`. Knows the functions
 * the library's names use (`Fn::Join`, `Fn::Select`, `Fn::Split`, and `Ref`s
 * to `AWS::StackId` and to the partition, region and account it holds) and fails on anything else, so a test never compares an
 * unresolved expression by accident.
 */
export function resolveName(node: unknown, stackId: string): string {
  const resolved = resolveNode(node, stackId);
  if (typeof resolved !== 'string') {
    throw new Error(`Not a name: ${JSON.stringify(node)}`);
  }
  return resolved;
}

/** Two stack ids as CloudFormation writes them: the same stack name, created twice. */
export const TWO_STACK_IDS = [
  'arn:aws:cloudformation:eu-west-1:111111111111:stack/DataStack/51af3dc0-da77-11e4-872e-1234567db123',
  'arn:aws:cloudformation:eu-west-1:111111111111:stack/DataStack/9c1e04f0-6a2b-11ef-9d4e-0a1b2c3d4e5f',
] as const;

function resolveNode(node: unknown, stackId: string): string | string[] {
  if (typeof node === 'string') {
    return node;
  }
  const value = node as Record<string, any>;
  if (typeof value?.Ref === 'string' && value.Ref.startsWith('AWS::')) {
    const [, partition, , region, account] = stackId.split(':');
    const pseudo: Record<string, string> = { 'AWS::StackId': stackId, 'AWS::Partition': partition, 'AWS::Region': region, 'AWS::AccountId': account };
    if (pseudo[value.Ref] !== undefined) {
      return pseudo[value.Ref];
    }
  }
  if (value?.['Fn::Join']) {
    const [delimiter, parts] = value['Fn::Join'];
    return (parts as unknown[]).map((part) => resolveName(part, stackId)).join(delimiter);
  }
  if (value?.['Fn::Split']) {
    const [delimiter, source] = value['Fn::Split'];
    return resolveName(source, stackId).split(delimiter);
  }
  if (value?.['Fn::Select']) {
    const [index, list] = value['Fn::Select'];
    const items = resolveNode(list, stackId);
    if (!Array.isArray(items) || items[index] === undefined) {
      throw new Error(`Fn::Select ${index} out of range: ${JSON.stringify(node)}`);
    }
    return items[index];
  }
  throw new Error(`Cannot resolve ${JSON.stringify(node)} offline`);
}
