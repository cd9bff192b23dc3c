import { Token } from 'aws-cdk-lib';
import { isReasonGiven, MIN_REASON_LENGTH } from '../private/nag-packs';

/** An opt-out of authorization must say why, like any cdk-nag acknowledgment. */
export function validateUnauthenticatedReason(where: string, reason: string): void {
  if (!isReasonGiven(reason)) {
    throw new Error(`${where} needs a reason of at least ${MIN_REASON_LENGTH} characters that says why callers need no authorization, got: '${reason}'.`);
  }
}

/** Throws unless `value` is a whole number in [min, max] (tokens pass). */
export function validateIntegerInRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`\`${name}\` must be a whole number from ${min} to ${max}, got: ${value}.`);
  }
}
