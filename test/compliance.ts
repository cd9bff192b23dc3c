/**
 * The compliance harness: applies all six cdk-nag packs to a scope, collects
 * every finding and every acknowledgment in force, and fails on any open error
 * or warning. Unit tests, the integ snapshots' companion tests and the example
 * summary all use it, so "zero findings" means the same thing everywhere.
 */
import { Aspects, IAspect, Stack, Stage } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  INagLogger,
  NagLoggerComplianceData,
  NagLoggerErrorData,
  NagLoggerNonComplianceData,
  NagLoggerNotApplicableData,
  NagLoggerSuppressedData,
  NagLoggerSuppressedErrorData,
  NagMessageLevel,
  NagPackProps,
  NIST80053R4Checks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import * as cdkNag3 from 'cdk-nag-v3';
import { IConstruct } from 'constructs';
import { NAG_PACK_NAMES, NagPackName } from '../src/private/nag-packs';

// The pack names exactly as cdk-nag prefixes their rule ids: one list, the library's.
export { NAG_PACK_NAMES } from '../src/private/nag-packs';
export type { NagPackName } from '../src/private/nag-packs';

export interface NagFinding {
  readonly pack: string;
  readonly ruleId: string;
  /** The granular finding (for example `Resource::*`), or '' for the whole rule. */
  readonly findingId: string;
  readonly path: string;
  /** `error`, `warning`, or `rule-failed` when the rule itself threw (cdk-nag reports that as a warning). */
  readonly level: 'error' | 'warning' | 'rule-failed';
  readonly message: string;
}

export interface NagAcknowledgmentInForce {
  readonly pack: string;
  readonly ruleId: string;
  readonly findingId: string;
  readonly path: string;
  readonly reason: string;
}

/** Collects cdk-nag results as data instead of parsing annotation text. */
export class NagRecorder implements INagLogger {
  public readonly findings: NagFinding[] = [];
  public readonly acknowledgments: NagAcknowledgmentInForce[] = [];

  onCompliance(_data: NagLoggerComplianceData): void {}
  onNotApplicable(_data: NagLoggerNotApplicableData): void {}

  onNonCompliance(data: NagLoggerNonComplianceData): void {
    if (data.ruleLevel === NagMessageLevel.INFO) {
      return;
    }
    this.findings.push({
      pack: data.nagPackName,
      ruleId: data.ruleId,
      findingId: data.findingId,
      path: data.resource.node.path,
      level: data.ruleLevel === NagMessageLevel.ERROR ? 'error' : 'warning',
      message: data.ruleInfo,
    });
  }

  onError(data: NagLoggerErrorData): void {
    this.findings.push({
      pack: data.nagPackName,
      ruleId: data.ruleId,
      findingId: '',
      path: data.resource.node.path,
      level: 'rule-failed',
      message: `the rule could not evaluate the resource: ${data.errorMessage}`,
    });
  }

  onSuppressed(data: NagLoggerSuppressedData): void {
    // cdk-nag prefixes the reason of a granular acknowledgment with `[finding] `.
    const findingPrefix = `[${data.findingId}] `;
    const reason = data.findingId && data.suppressionReason.startsWith(findingPrefix)
      ? data.suppressionReason.slice(findingPrefix.length)
      : data.suppressionReason;
    this.acknowledgments.push({
      pack: data.nagPackName,
      ruleId: data.ruleId,
      findingId: data.findingId,
      path: data.resource.node.path,
      reason,
    });
  }

  onSuppressedError(data: NagLoggerSuppressedErrorData): void {
    this.acknowledgments.push({
      pack: data.nagPackName,
      ruleId: data.ruleId,
      findingId: '',
      path: data.resource.node.path,
      reason: data.errorSuppressionReason,
    });
  }
}

/** Adds all six packs to `scope` as aspects, reporting into one recorder. */
export function applyAllNagPacks(scope: IConstruct, recorder = new NagRecorder()): NagRecorder {
  // reports: false keeps CSV files out of cdk.out; the recorder is the report.
  const props: NagPackProps = { reports: false, additionalLoggers: [recorder] };
  const packs: IAspect[] = [
    new AwsSolutionsChecks(props),
    new HIPAASecurityChecks(props),
    new NIST80053R4Checks(props),
    new NIST80053R5Checks(props),
    new PCIDSS321Checks(props),
    new ServerlessChecks(props),
  ];
  for (const pack of packs) {
    Aspects.of(scope).add(pack);
  }
  return recorder;
}

export interface ComplianceReport {
  /** cdk-nag 2's findings (the Aspects the packs have always been). */
  readonly findings: NagFinding[];
  readonly acknowledgments: NagAcknowledgmentInForce[];
  /** Open findings per pack, every pack present (0 included). */
  readonly findingsPerPack: Record<NagPackName, number>;
}

export function summarize(recorder: NagRecorder): ComplianceReport {
  const findingsPerPack = Object.fromEntries(NAG_PACK_NAMES.map((name) => [name, 0])) as Record<NagPackName, number>;
  for (const finding of recorder.findings) {
    findingsPerPack[finding.pack as NagPackName] = (findingsPerPack[finding.pack as NagPackName] ?? 0) + 1;
  }
  return { findings: [...recorder.findings], acknowledgments: [...recorder.acknowledgments], findingsPerPack };
}

/**
 * Applies all six packs to `stack`, synthesizes its app, and returns what the
 * packs found. Synthesis is forced so a stack that was synthesized before is
 * checked again with the packs in place.
 */
export function auditStack(stack: Stack): ComplianceReport {
  const recorder = applyAllNagPacks(stack);
  const stage = Stage.of(stack);
  if (!stage) {
    throw new Error(`Stack ${stack.node.path} is not inside an App or Stage, so it cannot be synthesized.`);
  }
  stage.synth({ force: true });
  return summarize(recorder);
}

export function formatFinding(finding: NagFinding): string {
  const rule = finding.findingId ? `${finding.ruleId}[${finding.findingId}]` : finding.ruleId;
  return `${finding.level.toUpperCase()} ${rule} at ${finding.path}: ${finding.message.trim()}`;
}

/**
 * The same six packs as cdk-nag 3 (validation plugins), run on a synthesized
 * stack through `validateScope`, as cdk-nag 3 users get them. cdk-nag 3 reads
 * acknowledgments from `Validations.of(x).acknowledge(...)` metadata, and names
 * each granular finding (`AwsSolutions-IAM5[Resource::*]`) on its own, so a
 * library acknowledgment that only cdk-nag 2 honours shows up here.
 */
export function cdkNag3Findings(stack: Stack): string[] {
  const packs = [
    new cdkNag3.AwsSolutionsChecks(), new cdkNag3.HIPAASecurityChecks(), new cdkNag3.NIST80053R4Checks(),
    new cdkNag3.NIST80053R5Checks(), new cdkNag3.PCIDSS321Checks(), new cdkNag3.ServerlessChecks(),
  ];
  return packs.flatMap((pack) => pack.validateScope(stack).violations.flatMap((violation) =>
    violation.violatingResources.map((resource) => `${(violation.severity ?? 'error').toUpperCase()} ${violation.ruleName} at ${resource.constructPath} (cdk-nag 3): ${violation.description.trim()}`)));
}

/**
 * Fails (throws) if any pack reports an unacknowledged error or warning on
 * `stack`, under cdk-nag 2 or cdk-nag 3, listing rule id, construct path and
 * message for each finding. Returns cdk-nag 2's report so callers can also
 * assert on acknowledgments.
 */
export function expectCompliant(stack: Stack): ComplianceReport {
  const report = auditStack(stack);
  const lines = [...report.findings.map(formatFinding), ...cdkNag3Findings(stack)].sort();
  if (lines.length > 0) {
    throw new Error(`${lines.length} open cdk-nag finding(s) on ${stack.node.path}:\n  ${lines.join('\n  ')}`);
  }
  return report;
}
