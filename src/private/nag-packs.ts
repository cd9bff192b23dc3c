/** The cdk-nag packs, by the names that prefix their rule ids. */
export const NAG_PACK_NAMES = ['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321', 'Serverless'] as const;

/** One cdk-nag pack's name. */
export type NagPackName = (typeof NAG_PACK_NAMES)[number];

/** The compliance-framework packs, which share many rule names (`<pack>-S3BucketReplicationEnabled`). */
export const FRAMEWORK_PACKS: readonly NagPackName[] = ['HIPAA.Security', 'NIST.800.53.R4', 'NIST.800.53.R5', 'PCI.DSS.321'];

/** The ids of rule `rule` in each of `packs`: `HIPAA.Security-<rule>`, ... */
export function ruleIds(rule: string, packs: readonly NagPackName[] = FRAMEWORK_PACKS): string[] {
  return packs.map((pack) => `${pack}-${rule}`);
}

/**
 * The fewest characters an acknowledgment's or exception's reason may have:
 * every way the library lets a user skip a check asks for a reason, as
 * cdk-nag does, and refuses an empty or token one.
 */
export const MIN_REASON_LENGTH = 10;

/** Whether `reason` is long enough to say why. */
export function isReasonGiven(reason: string): boolean {
  return reason.trim().length >= MIN_REASON_LENGTH;
}
