/**
 * How synthesis scales with the number of constructs, with the six cdk-nag
 * packs and LeastPrivilegeChecks on: N SecureRestApis on one ApiDomain, N
 * ReplicatedBuckets in one stack, and N IngestPipelines (each with its own
 * SecureFunction and source bucket) into one MultiAzDatabase. For each case: median synth time, peak
 * memory (max RSS of a child process that runs only that case), template
 * bytes and resource count, and the time per construct, which stays flat when
 * growth is linear.
 *
 * Each kind is also synthesized with LeastPrivilegeChecks alone and with no
 * check at all, so what the library's constructs and aspects cost can be told
 * apart from what the cdk-nag packs cost; with the packs on, one more (untimed)
 * synth records how long each cdk-nag rule took, to name the rules that grow.
 *
 * `ts-node bench/scaling.bench.ts` runs every case and prints a Markdown table;
 * `--case apis --checks all --n 10` runs one case and prints it as JSON (used internally).
 */
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { NagPack } from 'cdk-nag';
import {
  ApiDomain, ApiGatewayAccountLogging, IngestDestination, IngestPipeline, LeastPrivilegeChecks, MultiAzDatabase, ReplicatedBucket, SecureFunction,
  SecureRestApi, ThreeTierVpc,
} from '../src';
import { childCaseArguments, runInChildProcess } from './child-process';
import { applyAllNagPacks } from '../test/compliance';

export type CaseName = 'apis' | 'apis-across-stacks' | 'buckets' | 'pipelines';

/** Which checks run: the six packs and LeastPrivilegeChecks, LeastPrivilegeChecks alone, or none. */
export type Checks = 'all' | 'least-privilege' | 'none';

export interface CaseResult {
  readonly name: CaseName;
  readonly checks: Checks;
  readonly n: number;
  readonly runs: number;
  readonly medianMs: number;
  readonly peakRssMiB: number;
  readonly templateBytes: number;
  readonly resources: number;
  /** With the packs on: the milliseconds each cdk-nag rule took in one synth, slowest first. */
  readonly slowestRules?: Array<[rule: string, ms: number]>;
}

/** How many SecureRestApis one stack holds in the across-stacks case (a stack fits about 30 before 500 resources). */
const APIS_PER_STACK = 25;

export const CASES: Array<[CaseName, Checks, number[]]> = [
  ...(['all', 'least-privilege', 'none'] as Checks[]).map((checks): [CaseName, Checks, number[]] => ['apis', checks, [1, 10, 50, 100]]),
  ...(['all', 'least-privilege', 'none'] as Checks[]).map((checks): [CaseName, Checks, number[]] => ['buckets', checks, [1, 10, 50]]),
  ...(['all', 'least-privilege', 'none'] as Checks[]).map((checks): [CaseName, Checks, number[]] => ['pipelines', checks, [1, 10, 25]]),
  // How a real app holds many APIs: stacks of 25, all mapped on one domain in a stack of its own.
  ['apis-across-stacks', 'all', [10, 50, 100]],
];

export const CASE_LABELS: Record<CaseName, string> = {
  'apis': 'SecureRestApis on one ApiDomain',
  'apis-across-stacks': `SecureRestApis on one ApiDomain, ${APIS_PER_STACK} per stack`,
  'buckets': 'ReplicatedBuckets',
  'pipelines': 'IngestPipelines into one MultiAzDatabase',
};

export const CHECKS_LABELS: Record<Checks, string> = {
  'all': 'six packs + LeastPrivilegeChecks',
  'least-privilege': 'LeastPrivilegeChecks only',
  'none': 'no checks',
};

/** Median of this many synths per case (after a warm-up). */
const RUNS = Number(process.env.BENCH_SCALING_RUNS ?? 3);

function build(name: CaseName, checks: Checks, n: number): { app: App; stacks: Stack[] } {
  // Past about 30 SecureRestApis (or ReplicatedBuckets) one stack exceeds CloudFormation's 500 resources, so a real
  // app spreads them over stacks; the limit check is off here to measure synthesis alone.
  const app = new App({ context: { '@aws-cdk/core:stackResourceLimit': 0 } });
  const env = { account: '123456789012', region: 'eu-west-1' };
  const stack = new Stack(app, 'Scaling', { env });
  const stacks = [stack];
  if (name === 'apis' || name === 'apis-across-stacks') {
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
    const domain = new ApiDomain(stack, 'Domain', { domainName: 'api.example.com', hostedZone: zone });
    // The account setting is the platform's, in a stack of its own as the README advises: the API
    // stacks deploy after it, and the domain's stack after them.
    const platform = new Stack(app, 'Platform', { env });
    stacks.push(platform);
    new ApiGatewayAccountLogging(platform, 'ApiGatewayLogging');
    for (let i = 0; i < n; i++) {
      let apiStack = stack;
      if (name === 'apis-across-stacks') {
        if (i % APIS_PER_STACK === 0) {
          stacks.push(new Stack(app, `Apis${i / APIS_PER_STACK}`, { env }));
        }
        apiStack = stacks[stacks.length - 1];
      }
      const api = new SecureRestApi(apiStack, `Api${i}`);
      api.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
      domain.addRestApi(`api${i}`, api);
    }
  } else if (name === 'pipelines') {
    const network = new ThreeTierVpc(stack, 'Network');
    const database = new MultiAzDatabase(stack, 'Orders', { vpc: network.vpc });
    const code = lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });');
    for (let i = 0; i < n; i++) {
      const processor = new SecureFunction(stack, `Processor${i}`, { vpc: network.vpc, code, handler: 'index.handler' });
      new IngestPipeline(stack, `Pipeline${i}`, { prefix: `incoming/${i}/`, processor, destination: IngestDestination.database(database, 'ingest_app') });
    }
  } else {
    for (let i = 0; i < n; i++) {
      new ReplicatedBucket(stack, `Bucket${i}`);
    }
  }
  if (checks === 'all') {
    applyAllNagPacks(app);
  }
  if (checks !== 'none') {
    Aspects.of(app).add(new LeastPrivilegeChecks());
  }
  return { app, stacks };
}

function runCase(name: CaseName, checks: Checks, n: number): CaseResult {
  // Warm-up: module loading and JIT are not what we measure.
  build(name, checks, 1).app.synth();
  const timings: number[] = [];
  let templateBytes = 0;
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    const { app, stacks } = build(name, checks, n);
    const assembly = app.synth();
    timings.push(Number(process.hrtime.bigint() - start) / 1e6);
    const templates = stacks.map((stack) => assembly.getStackByName(stack.stackName).template);
    templateBytes = templates.reduce((sum, template) => sum + JSON.stringify(template).length, 0);
    resources = templates.reduce((sum, template) => sum + Object.keys(template.Resources ?? {}).length, 0);
  }
  timings.sort((a, b) => a - b);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  return {
    name,
    checks,
    n,
    runs: RUNS,
    medianMs: timings[Math.floor(timings.length / 2)],
    peakRssMiB,
    templateBytes,
    resources,
    slowestRules: checks === 'all' ? timeNagRules(() => build(name, checks, n).app.synth()) : undefined,
  };
}

/**
 * Runs `synth` with every cdk-nag rule timed (NagPack.applyRule wrapped), and
 * returns every rule's time, slowest first. Untimed runs only: the wrapper costs time.
 */
function timeNagRules(synth: () => void): Array<[string, number]> {
  const pack = NagPack.prototype as any;
  const applyRule = pack.applyRule;
  const times = new Map<string, number>();
  pack.applyRule = function timed(this: NagPack, params: any) {
    const start = process.hrtime.bigint();
    try {
      return applyRule.call(this, params);
    } finally {
      const rule = `${this.readPackName}-${params.ruleSuffixOverride ?? params.rule.name}`;
      times.set(rule, (times.get(rule) ?? 0) + Number(process.hrtime.bigint() - start) / 1e6);
    }
  };
  try {
    synth();
  } finally {
    pack.applyRule = applyRule;
  }
  return [...times.entries()].sort((a, b) => b[1] - a[1]);
}

/** Runs one case in a fresh process, so its peak memory is its own. */
export function runCaseInChild(name: CaseName, checks: Checks, n: number): CaseResult {
  return runInChildProcess(__filename, ['--case', name, '--checks', checks, '--n', String(n)]);
}

export function scalingTable(results: CaseResult[]): string {
  // Growth is linear when the time per construct at N stays near its value at N = 10
  // (N = 1 is dominated by the fixed cost of a stack).
  const perConstructAt10 = (r: CaseResult) => {
    const at10 = results.find((other) => other.name === r.name && other.checks === r.checks && other.n === 10);
    return at10 ? at10.medianMs / at10.n : undefined;
  };
  const rows = results.map((r) => {
    const reference = perConstructAt10(r);
    const growth = reference && r.n > 10 ? `${(r.medianMs / r.n / reference).toFixed(2)} ×` : '';
    return `| ${CASE_LABELS[r.name]} | ${CHECKS_LABELS[r.checks]} | ${r.n} | ${r.runs} | ` +
      `${(r.medianMs / 1000).toFixed(2)} s | ${(r.medianMs / r.n).toFixed(0)} ms | ${growth} | ${r.peakRssMiB.toFixed(0)} MiB | ` +
      `${(r.templateBytes / 1024).toFixed(0)} KiB | ${r.resources} |`;
  });
  return ['| Case | Checks | N | Runs | Median synth | Per construct | Per construct vs N = 10 | Peak RSS | Template | Resources |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

/**
 * Where the time goes with the packs on: for each kind, the rules that took
 * longest at the largest N, with their time at N = 10 and how their time per
 * construct grew. A rule that looks through the whole stack for every resource
 * it checks grows with N², and shows here.
 */
export function nagRulesTable(results: CaseResult[]): string {
  const rows: string[] = [];
  for (const name of Object.keys(CASE_LABELS) as CaseName[]) {
    const measured = results.filter((r) => r.name === name && r.slowestRules);
    const largest = measured.reduce<CaseResult | undefined>((max, r) => (!max || r.n > max.n ? r : max), undefined);
    const at10 = measured.find((r) => r.n === 10);
    if (!largest || !at10 || largest === at10) {
      continue;
    }
    const timeAt10 = new Map(at10.slowestRules);
    for (const [rule, ms] of largest.slowestRules!.slice(0, 5)) {
      const small = timeAt10.get(rule);
      const growth = small ? `${((ms / largest.n) / (small / at10.n)).toFixed(1)} ×` : '';
      rows.push(`| ${CASE_LABELS[name]} | ${rule} | ${small === undefined ? '' : `${small.toFixed(0)} ms`} | ` +
        `${ms.toFixed(0)} ms (N = ${largest.n}) | ${growth} |`);
    }
  }
  return ['| Case | cdk-nag rule | At N = 10 | At the largest N | Per construct vs N = 10 |',
    '| --- | --- | ---: | ---: | ---: |', ...rows].join('\n');
}

if (require.main === module) {
  const child = childCaseArguments();
  if (child) {
    console.log(JSON.stringify(runCase(child.case as CaseName, child.checks as Checks, Number(child.n))));
  } else {
    const results = CASES.flatMap(([name, checks, sizes]) => sizes.map((n) => runCaseInChild(name, checks, n)));
    console.log(scalingTable(results));
  }
}
