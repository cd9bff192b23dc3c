/**
 * The README's "Shared props and conventions" section lists the library's
 * vocabulary once; this test keeps it equal to the API: which constructs take
 * each shared prop (read from the props interfaces with the TypeScript
 * compiler), each construct's alarm names (from the error an unknown name
 * raises), and the warning ids (from the source, all in one style).
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as ts from 'typescript';
import {
  AuditTrail, DatabaseEngine, EventFanout, IngestPipeline, MultiAzDatabase, ReplicatedBucket, ScheduledJob, SecureFunction, SecureRestApi,
  SecurityAlarms, ThreeTierVpc, Workflow,
} from '../src';

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The rows of the first table under the heading `heading`, as arrays of cells with backticks removed. */
function tableUnder(heading: string): string[][] {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const lines = README.slice(start + heading.length + 2).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) {
      break;
    }
    rows.push(line.slice(1, -1).split(' | ').map((cell) => cell.trim()));
  }
  return rows;
}

const names = (cell: string) => [...cell.matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]).sort();

/** Exported construct name → (prop name → the prop's declared type, as written). */
function constructProps(): Map<string, Map<string, string>> {
  const program = ts.createProgram([path.join(ROOT, 'src', 'index.ts')], { strict: true });
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(ROOT, 'src', 'index.ts'))!)!;
  const result = new Map<string, Map<string, string>>();
  for (const exported of checker.getExportsOfModule(index)) {
    // Re-exports are aliases of the declarations they name.
    const symbol = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported; // eslint-disable-line no-bitwise
    const declaration = symbol.valueDeclaration;
    if (!declaration || !ts.isClassDeclaration(declaration)) {
      continue;
    }
    const constructor = declaration.members.find(ts.isConstructorDeclaration);
    const propsParameter = constructor?.parameters.find((parameter) => parameter.name.getText() === 'props');
    if (!propsParameter?.type) {
      continue;
    }
    const props = new Map<string, string>();
    for (const property of checker.getPropertiesOfType(checker.getTypeFromTypeNode(propsParameter.type))) {
      const propertyDeclaration = property.valueDeclaration as ts.PropertySignature | undefined;
      props.set(property.name, propertyDeclaration?.type?.getText() ?? '');
    }
    result.set(symbol.name, props);
  }
  return result;
}

describe('the README\'s vocabulary table matches the API', () => {
  const props = constructProps();

  test('the constructs read from the source are the library\'s constructs with props', () => {
    expect([...props.keys()].sort()).toEqual(expect.arrayContaining(['MultiAzDatabase', 'ReplicatedBucket', 'SecureRestApi', 'ThreeTierVpc']));
  });

  test.each(tableUnder('### Shared props'))('`%s`: its type and the constructs that take it', (prop, type, _meaning, _default, takenBy) => {
    const propName = names(prop)[0];
    const typeName = type.replace(/`/g, '');
    const taking = [...props].filter(([, members]) => members.has(propName)).map(([construct]) => construct).sort();
    expect(names(takenBy)).toEqual(taking);
    for (const construct of taking) {
      expect(`${construct}.${propName}: ${props.get(construct)!.get(propName)}`).toEqual(`${construct}.${propName}: ${typeName}`);
    }
  });

  test('every construct that logs or alarms takes the shared options', () => {
    const shared = tableUnder('### Shared props').map((row) => names(row[0])[0]);
    expect(shared).toEqual(expect.arrayContaining(['logs', 'alarms']));
    const alarming = [...props].filter(([, members]) => [...members.keys()].some((name) => /alarm/i.test(name))).map(([construct]) => construct);
    expect(alarming.every((construct) => props.get(construct)!.get('alarms') === 'AlarmOptions')).toBe(true);
    const logging = [...props].filter(([, members]) => [...members.keys()].some((name) => /^log(s|Retention|EncryptionKey)$|^flowLogs(Retention|EncryptionKey)$/.test(name)));
    expect(logging.map(([construct]) => `${construct}: ${props.get(construct)!.get('logs')}`)).toEqual(logging.map(([construct]) => `${construct}: LogOptions`));
  });

  test('each construct\'s alarm names, as `alarms.overrides` takes them', () => {
    const accepted = (build: (stack: Stack) => void) => {
      try {
        build(new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } }));
      } catch (error) {
        return [...String((error as Error).message).matchAll(/'([A-Za-z][A-Za-z0-9.]*)'/g)].map((match) => match[1]).slice(1).sort();
      }
      throw new Error('an unknown alarm name was accepted');
    };
    const unknown = { alarms: { overrides: { Unknown: {} } } };
    const vpc = (stack: Stack) => new ThreeTierVpc(stack, 'Network', { alarms: { enabled: false } }).vpc;
    const secureFunction = (stack: Stack, options = {}) => new SecureFunction(stack, `Function${stack.node.children.length}`, {
      vpc: vpc(stack), code: lambda.Code.fromInline('exports.handler = async () => {};'), handler: 'index.handler', ...options,
    });
    const actual: Record<string, string[]> = {
      'ThreeTierVpc': accepted((stack) => new ThreeTierVpc(stack, 'Subject', unknown)),
      'MultiAzDatabase (Aurora)': accepted((stack) => new MultiAzDatabase(stack, 'Subject', { vpc: vpc(stack), ...unknown })),
      'MultiAzDatabase (RDS engines)': accepted((stack) => new MultiAzDatabase(stack, 'Subject', { vpc: vpc(stack), engine: DatabaseEngine.mysql(), ...unknown })),
      'SecureRestApi': accepted((stack) => new SecureRestApi(stack, 'Subject', unknown)),
      'ReplicatedBucket': accepted((stack) => new ReplicatedBucket(stack, 'Subject', unknown)),
      'SecureFunction': accepted((stack) => secureFunction(stack, unknown)),
      'IngestPipeline': accepted((stack) => new IngestPipeline(stack, 'Subject', { prefix: 'incoming/', processor: secureFunction(stack), ...unknown })),
      'ScheduledJob': accepted((stack) => new ScheduledJob(stack, 'Subject', {
        function: secureFunction(stack), schedule: scheduler.ScheduleExpression.rate(Duration.days(1)), ...unknown,
      })),
      'EventFanout': accepted((stack) => new EventFanout(stack, 'Subject', unknown)),
      'Workflow': accepted((stack) => new Workflow(stack, 'Subject', { definition: new sfn.Pass(stack, 'Start'), ...unknown })),
      'AuditTrail': accepted((stack) => new AuditTrail(stack, 'Subject', unknown)),
    };
    const documented: Record<string, string[]> = {};
    for (const [construct, alarm] of tableUnder('### Alarms')) {
      const key = construct.replace(/`/g, '');
      documented[key] = [...(documented[key] ?? []), names(alarm)[0]].sort();
    }
    // The AuditTrail's alarms are the CIS controls, each named by its control id, in a table of their own.
    documented.AuditTrail = tableUnder('### The CIS security alarms').map(([control]) => control).sort();
    expect(documented).toEqual(actual);
  });

  test('the CIS security alarms table lists each control with the filter the construct writes', () => {
    // In a table cell, `|` is written `\|`; the split on ' | ' above leaves the escaped pipes inside the cell.
    const rows = README.split('\n### The CIS security alarms\n')[1].split('\n').filter((line) => line.startsWith('| CloudWatch.'))
      .map((line) => line.slice(2, -2).split(/ (?<!\\)\| /).map((cell) => cell.trim().replace(/^`|`$/g, '').replace(/\\\|/g, '|')));
    const controls = SecurityAlarms.cis().controls;
    expect(rows).toEqual(controls.map((control) => [control.id, control.title, control.metricName, control.filterPattern, control.requirements]));
  });

  test('warning ids: one style, and the README lists each', () => {
    const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
    const text = sources.map((file) => fs.readFileSync(path.join(ROOT, 'src', file), 'utf8')).join('\n');
    expect(text).not.toMatch(/@cdk-paved-road\//);
    // The profile's context key and the audit trail key's tag are not warnings.
    const notWarnings = ['cdk-paved-road:profile', 'cdk-paved-road:audit-trail'];
    const ids = [...new Set([...text.matchAll(/'(cdk-paved-road:[^']+)'/g)].map((match) => match[1]))].filter((id) => !notWarnings.includes(id)).sort();
    expect(ids.length).toBeGreaterThan(5);
    for (const id of ids) {
      expect(id).toMatch(/^cdk-paved-road:[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    expect(tableUnder('### Warnings').map((row) => row[0].replace(/`/g, '')).sort()).toEqual(ids);
  });
});
