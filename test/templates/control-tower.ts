/**
 * AWS Control Tower's proactive controls, offline: the cfn-guard rules that
 * `@cdklabs/cdk-validator-cfnguard` bundles (with its own cfn-guard binary),
 * run on synthesized templates. Each failure is open unless the resource's
 * metadata acknowledges the control (`ControlTowerAcknowledgments`); the
 * bundled rules do not read that metadata themselves, so the findings are
 * sorted here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';

/** One resource that fails one control. */
export interface ControlFinding {
  /** The control's id, such as `CT.S3.PR.9`. */
  readonly control: string;
  readonly file: string;
  readonly logicalId: string;
  /** The control's description, or the acknowledgment's reason. */
  readonly text: string;
}

/** What the controls said about a set of templates. */
export interface ControlTowerResult {
  readonly templates: number;
  readonly rules: number;
  readonly open: ControlFinding[];
  readonly acknowledged: ControlFinding[];
}

const ROOT = path.join(__dirname, '..', '..');

/** Runs every bundled Control Tower rule on `files`. */
export function controlTower(files: string[]): ControlTowerResult {
  const validator = new CfnGuardValidator({ maxBuffer: 256 * 1024 * 1024 });
  const report = validator.validate({ templatePaths: files } as any);
  const templates = new Map<string, any>();
  const templateOf = (file: string) => templates.get(file) ?? templates.set(file, JSON.parse(fs.readFileSync(file, 'utf8'))).get(file);
  const open: ControlFinding[] = [];
  const acknowledged: ControlFinding[] = [];
  for (const violation of report.violations) {
    // The rule's description starts with its control id: "[CT.S3.PR.9]: Require ...".
    const control = /\[(CT\.[^\]]+)\]/.exec(violation.description)?.[1] ?? violation.ruleName;
    for (const resource of violation.violatingResources) {
      const metadata = templateOf(resource.templatePath).Resources?.[resource.resourceLogicalId]?.Metadata ?? {};
      const reason: string | undefined = (metadata.guard?.SuppressedRules ?? []).includes(control)
        ? metadata.cdk_paved_road_controls?.[control]
        : undefined;
      const finding = {
        control,
        file: path.relative(ROOT, resource.templatePath),
        logicalId: resource.resourceLogicalId,
        text: reason ?? violation.description,
      };
      (reason ? acknowledged : open).push(finding);
    }
  }
  return { templates: files.length, rules: validator.ruleIds?.length ?? 0, open, acknowledged };
}

/** One line per open failure, one per acknowledged control with its count, then the totals. */
export function formatControlTower(result: ControlTowerResult): string[] {
  const perControl = new Map<string, number>();
  for (const finding of result.acknowledged) {
    perControl.set(`${finding.control}: ${finding.text}`, (perControl.get(`${finding.control}: ${finding.text}`) ?? 0) + 1);
  }
  return [
    ...result.open.map((f) => `  OPEN ${f.control} ${f.file} ${f.logicalId}: ${f.text}`),
    ...[...perControl].sort().map(([line, count]) => `  acknowledged (${count}) ${line}`),
    `AWS Control Tower proactive controls (${result.rules} rules): ${result.open.length} open failure(s), ` +
    `${result.acknowledged.length} acknowledged, in ${result.templates} template(s)`,
  ];
}
