/**
 * How synthesis scales with the number of constructs, with the six cdk-nag
 * packs and LeastPrivilegeChecks on: N SecureRestApis on one ApiDomain, and N
 * ReplicatedBuckets in one stack. For each case: median synth time, peak
 * memory (max RSS of a child process that runs only that case), template
 * bytes and resource count, and the time per construct, which stays flat when
 * growth is linear.
 *
 * `ts-node bench/scaling.bench.ts` runs every case and prints a Markdown table;
 * `--case apis --n 10` runs one case and prints it as JSON (used internally).
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { ApiDomain, LeastPrivilegeChecks, ReplicatedBucket, SecureRestApi } from '../src';
import { applyAllNagPacks } from '../test/compliance';

export type CaseName = 'apis' | 'buckets';

export interface CaseResult {
  readonly name: CaseName;
  readonly n: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly peakRssMiB: number;
  readonly templateBytes: number;
  readonly resources: number;
}

export const CASES: Array<[CaseName, number[]]> = [
  ['apis', [1, 10, 50, 100]],
  ['buckets', [1, 10, 50]],
];

function build(name: CaseName, n: number): { app: App; stack: Stack } {
  // Past about 30 SecureRestApis (or ReplicatedBuckets) one stack exceeds CloudFormation's 500 resources, so a real
  // app spreads them over stacks; the limit check is off here to measure synthesis alone.
  const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const stack = new Stack(app, 'Scaling', { env: { account: '123456789012', region: 'eu-west-1' } });
  if (name === 'apis') {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const domain = new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: zone });
    for (let i = 0; i < n; i++) {
      const api = new SecureRestApi(stack, `Api${i}`);
      api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
      domain.addRestApi(`api${i}`, api);
    }
  } else {
    for (let i = 0; i < n; i++) {
      new ReplicatedBucket(stack, `Bucket${i}`);
    }
  }
  applyAllNagPacks(stack);
  Aspects.of(app).add(new LeastPrivilegeChecks());
  return { app, stack };
}

function runCase(name: CaseName, n: number): CaseResult {
  const runs = n <= 10 ? 3 : 1;
  // Warm-up: module loading and JIT are not what we measure.
  build(name, 1).app.synth();
  const timings: number[] = [];
  let templateBytes = 0;
  let resources = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const { app, stack } = build(name, n);
    const template = app.synth().getStackByName(stack.stackName).template;
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    templateBytes = JSON.stringify(template).length;
    resources = Object.keys(template.Resources ?? {}).length;
  }
  timings.sort((a, b) => a - b);
  return {
    name,
    n,
    runs,
    medianMs: timings[Math.floor(timings.length / 2)],
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    templateBytes,
    resources,
  };
}

/** Runs one case in a fresh process, so its peak memory is its own. */
export function runCaseInChild(name: CaseName, n: number): CaseResult {
  const output = execFileSync('npx', ['ts-node', '--transpile-only', '--project', path.join(__dirname, '..', 'tsconfig.dev.json'),
    __filename, '--case', name, '--n', String(n)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return JSON.parse(output.trim().split('\n').pop()!);
}

export function scalingTable(results: CaseResult[]): string {
  const rows = results.map((r) => `| ${r.name === 'apis' ? 'SecureRestApis on one ApiDomain' : 'ReplicatedBuckets'} | ${r.n} | ${r.runs} | ` +
    `${(r.medianMs / 1000).toFixed(2)} s | ${(r.medianMs / r.n).toFixed(0)} ms | ${r.peakRssMiB.toFixed(0)} MiB | ` +
    `${(r.templateBytes / 1024).toFixed(0)} KiB | ${r.resources} |`);
  return ['| Case | N | Runs | Median synth | Per construct | Peak RSS | Template | Resources |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const caseIndex = args.indexOf('--case');
  if (caseIndex >= 0) {
    const result = runCase(args[caseIndex + 1] as CaseName, Number(args[args.indexOf('--n') + 1]));
    console.log(JSON.stringify(result));
  } else {
    const results = CASES.flatMap(([name, sizes]) => sizes.map((n) => runCaseInChild(name, n)));
    console.log(scalingTable(results));
  }
}
