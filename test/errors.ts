/**
 * Exact error messages for `toThrow()`: a string there matches any message
 * that merely contains it, so tests pass `new Error(message)` (the message
 * must be equal) or one of these anchored patterns.
 */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The error aws-cdk-lib raises at synth when a construct's validation fails:
 * exactly one error, on the construct at `path` ('' for the app), with exactly
 * `message`.
 */
export function validationError(path: string, message: string): RegExp {
  return new RegExp(`^Validation failed with the following errors:\\n  \\[${escape(path)}\\] ${escape(message)}$`);
}
