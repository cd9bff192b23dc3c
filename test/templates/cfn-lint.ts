/**
 * cfn-lint, pinned, on synthesized templates: AWS's own linter knows what
 * CloudFormation and the services will refuse that a template's shape does
 * not show, such as engine versions RDS no longer creates (W3690, W3691).
 * It is installed from PyPI into `.venv-lint` at the repository root.
 *
 * To move to a newer cfn-lint, change CFN_LINT_VERSION, run
 * `npx projen lint:templates` and `npm run example`, and fix what it finds.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const CFN_LINT_VERSION = '1.58.0';

const ROOT = path.join(__dirname, '..', '..');
const VENV = path.join(ROOT, '.venv-lint');
const CFN_LINT = path.join(VENV, 'bin', 'cfn-lint');

/**
 * Findings that are not counted, with why. Everything else, warnings
 * included (the deprecation rules are warnings), fails.
 */
export const IGNORED_CFN_LINT_RULES: Record<string, string> = {
  W3005: 'aws-cdk-lib writes a DependsOn beside a Ref or GetAtt that already orders the two resources; redundant and harmless.',
  W3010: 'Availability Zones come from the CDK context lookup cached in cdk.context.json, which is how a CDK app pins its AZs.',
};

/** One cfn-lint finding. */
export interface CfnLintFinding {
  readonly rule: string;
  readonly level: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** What cfn-lint said about a set of templates. */
export interface CfnLintResult {
  readonly version: string;
  readonly templates: number;
  /** The findings that count. */
  readonly findings: CfnLintFinding[];
  /** How many findings of each ignored rule were seen. */
  readonly ignored: Record<string, number>;
}

/** Installs the pinned cfn-lint into `.venv-lint` unless it is there already. Returns its path. */
export function ensureCfnLint(): string {
  if (installedVersion() === CFN_LINT_VERSION) {
    return CFN_LINT;
  }
  fs.rmSync(VENV, { recursive: true, force: true });
  execFileSync(process.env.PYTHON ?? 'python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `cfn-lint==${CFN_LINT_VERSION}`], { stdio: 'inherit' });
  const version = installedVersion();
  if (version !== CFN_LINT_VERSION) {
    throw new Error(`cfn-lint ${CFN_LINT_VERSION} was to be installed into ${VENV}, but it reports ${version ?? 'nothing'}.`);
  }
  return CFN_LINT;
}

function installedVersion(): string | undefined {
  if (!fs.existsSync(CFN_LINT)) {
    return undefined;
  }
  return /cfn-lint (\S+)/.exec(execFileSync(CFN_LINT, ['--version'], { encoding: 'utf8' }))?.[1];
}

/**
 * Lints `files` for `regions` (the regions they deploy to: resource types and
 * engine versions differ by region).
 */
export function cfnLint(files: string[], regions: string[]): CfnLintResult {
  const binary = ensureCfnLint();
  let output: string;
  try {
    output = execFileSync(binary, ['--format', 'json', '--regions', ...regions, '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error: any) {
    // cfn-lint exits non-zero when it finds something; its JSON is still on stdout.
    if (typeof error.stdout !== 'string' || !error.stdout.trim().startsWith('[')) {
      throw error;
    }
    output = error.stdout;
  }
  const ignored: Record<string, number> = Object.fromEntries(Object.keys(IGNORED_CFN_LINT_RULES).map((rule) => [rule, 0]));
  const findings: CfnLintFinding[] = [];
  for (const match of JSON.parse(output || '[]')) {
    const rule: string = match.Rule.Id;
    if (rule in ignored) {
      ignored[rule]++;
      continue;
    }
    findings.push({
      rule,
      level: match.Level,
      file: path.relative(ROOT, match.Filename),
      line: match.Location.Start.LineNumber,
      message: match.Message,
    });
  }
  return { version: CFN_LINT_VERSION, templates: files.length, findings, ignored };
}

/** One line per finding, then one with the totals and the ignored rules. */
export function formatCfnLint(result: CfnLintResult): string[] {
  const ignored = Object.entries(result.ignored).map(([rule, count]) => `${rule} ${count}`).join(', ');
  return [
    ...result.findings.map((f) => `  ${f.level} ${f.rule} ${f.file}:${f.line}: ${f.message}`),
    `cfn-lint ${result.version}: ${result.findings.length} finding(s) in ${result.templates} template(s) (not counted: ${ignored})`,
  ];
}
