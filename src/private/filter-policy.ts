import { Token } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * SNS's filter policy constraints
 * (https://docs.aws.amazon.com/sns/latest/dg/subscription-filter-policy-constraints.html):
 * "A filter policy can have a maximum of five keys" (for the message body,
 * top-level keys only), "The total combination of values in a filter policy
 * must not exceed 150" and "The maximum size of a filter policy is 256 KB".
 */
export const MAX_FILTER_POLICY_KEYS = 5;
export const MAX_FILTER_POLICY_COMBINATIONS = 150;
export const MAX_FILTER_POLICY_BYTES = 256 * 1024;

/**
 * The operators a filter policy value may use, as objects of one key
 * ("Amazon SNS message filtering" operators: string and numeric matching,
 * prefix, suffix, anything-but, equals-ignore-case, IP address and
 * attribute key matching).
 */
const OPERATORS = ['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr'];

/**
 * Checks a subscription's filter policy before anything is created: one
 * scope only, at least one key, each key with at least one value, each
 * value a string, number, null or one known operator, and within SNS's
 * key, combination and size limits. Returns nothing; throws naming `prop`.
 */
export function validateFilterPolicy(prop: string, options: {
  readonly filterPolicy?: { [attribute: string]: sns.SubscriptionFilter };
  readonly filterPolicyWithMessageBody?: { [key: string]: sns.FilterOrPolicy };
}): void {
  if (options.filterPolicy && options.filterPolicyWithMessageBody) {
    throw new Error(`\`${prop}.filterPolicy\` and \`${prop}.filterPolicyWithMessageBody\` filter on message attributes and on the message body: ` +
      'SNS applies one scope per subscription, so give one of them.');
  }
  const [name, policy] = options.filterPolicy
    ? [`${prop}.filterPolicy`, Object.fromEntries(Object.entries(options.filterPolicy).map(([key, filter]) => [key, filter.conditions]))]
    : options.filterPolicyWithMessageBody
      ? [`${prop}.filterPolicyWithMessageBody`, renderBodyPolicy(options.filterPolicyWithMessageBody)]
      : [undefined, undefined];
  if (!name || !policy) {
    return;
  }
  const keys = Object.keys(policy);
  if (keys.length === 0) {
    throw new Error(`\`${name}\` must filter on at least one key, or be left out to deliver every message, got: {}.`);
  }
  if (keys.length > MAX_FILTER_POLICY_KEYS) {
    throw new Error(`\`${name}\` may have at most ${MAX_FILTER_POLICY_KEYS} top-level keys (SNS filter policy constraints), ` +
      `got ${keys.length}: ${keys.join(', ')}.`);
  }
  const combinations = countCombinations(name, policy);
  if (combinations > MAX_FILTER_POLICY_COMBINATIONS) {
    throw new Error(`\`${name}\` may combine at most ${MAX_FILTER_POLICY_COMBINATIONS} values (the product of the number of values of ` +
      `every key, SNS filter policy constraints), got: ${combinations}.`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(policy), 'utf8');
  if (bytes > MAX_FILTER_POLICY_BYTES) {
    throw new Error(`\`${name}\` may be at most 256 KB (${MAX_FILTER_POLICY_BYTES} bytes) of JSON, got: ${bytes} bytes.`);
  }
}

type RenderedPolicy = { [key: string]: any[] | RenderedPolicy };

function renderBodyPolicy(policy: { [key: string]: sns.FilterOrPolicy }): RenderedPolicy {
  return Object.fromEntries(Object.entries(policy).map(([key, value]) => [key,
    value.isPolicy() ? renderBodyPolicy(value.policyDoc) : (value as sns.Filter).filterDoc.conditions]));
}

/** The product of the number of values of every key, nested keys included; checks each value on the way. */
function countCombinations(name: string, policy: RenderedPolicy, path: string[] = []): number {
  let product = 1;
  for (const [key, value] of Object.entries(policy)) {
    const at = [...path, key];
    if (Array.isArray(value)) {
      if (value.length === 0) {
        throw new Error(`\`${name}\` must match at least one value for '${at.join('.')}', got: [].`);
      }
      value.forEach((condition) => validateCondition(name, at, condition));
      product *= value.length;
    } else {
      if (Object.keys(value).length === 0) {
        throw new Error(`\`${name}\` must filter on at least one nested key under '${at.join('.')}', got: {}.`);
      }
      product *= countCombinations(name, value, at);
    }
  }
  return product;
}

function validateCondition(name: string, at: string[], condition: unknown): void {
  if (condition === null || typeof condition === 'string' || typeof condition === 'number' || Token.isUnresolved(condition)) {
    return;
  }
  const operators = typeof condition === 'object' ? Object.keys(condition as object) : [];
  if (operators.length !== 1 || !OPERATORS.includes(operators[0])) {
    throw new Error(`\`${name}\` has a value for '${at.join('.')}' that SNS does not accept: ${JSON.stringify(condition)}. A value is a string, ` +
      `a number, null, or an object with one of the operators ${OPERATORS.join(', ')}.`);
  }
}
