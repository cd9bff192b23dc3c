/**
 * `npm run diagrams`: draws each pattern's architecture from its synthesized
 * construct tree into docs/diagrams/<name>.svg, which the README shows, and
 * the layout of the reference app's operations dashboard from its synthesized
 * dashboard body (dashboard-layout.ts). CI runs it and fails when a committed
 * diagram differs from what the code draws.
 *
 * A diagram has a cluster per construct of the library in it, a box per child
 * of that construct that holds CloudFormation resources (labelled with the
 * child's id and its resource types), and a dashed box per construct outside
 * the library that those resources name. An arrow A -> B says that a resource
 * of A names a resource of B (Ref, Fn::GetAtt, or an imported export), so it
 * shows what uses what. Graphviz, compiled to WebAssembly, lays it out: the
 * same SVG on every machine.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { findDashboards, renderDashboardLayout } from './dashboard-layout';
import { DASHBOARD_DRAWINGS, DashboardDrawing, DIAGRAMS, Diagram } from './patterns';

const OUTPUT_DIR = path.join(__dirname, '..', 'docs', 'diagrams');

/** Fill colours by service, after the AWS architecture icon categories. */
const SERVICE_COLOURS: Record<string, string> = {
  EC2: '#f3e5f5',
  Route53: '#f3e5f5',
  RDS: '#e3f2fd',
  SecretsManager: '#ffebee',
  KMS: '#ffebee',
  IAM: '#ffebee',
  WAFv2: '#ffebee',
  S3: '#e8f5e9',
  Backup: '#e8f5e9',
  Logs: '#fce4ec',
  CloudWatch: '#fce4ec',
  SNS: '#fce4ec',
  SQS: '#fce4ec',
  Lambda: '#fff3e0',
  ApiGateway: '#f3e5f5',
  CertificateManager: '#ffebee',
  SSM: '#fce4ec',
};
const DEFAULT_COLOUR = '#eeeeee';
const MAX_TYPES_IN_LABEL = 3;

interface Box {
  readonly id: string;
  readonly label: string;
  readonly cluster?: string;
  readonly external: boolean;
  readonly colour: string;
}

/** `AWS::EC2::NatGateway` -> `EC2 NatGateway`; custom resources -> `Custom resource`. */
function shortType(type: string): string {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource' ? 'Custom resource' : type.replace(/^AWS::/, '').replace('::', ' ');
}

function dotString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** The logical ids a CloudFormation value names: Ref, Fn::GetAtt, and the producer of each Fn::ImportValue. */
function namedLogicalIds(value: unknown, exports: Map<string, string>): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => namedLogicalIds(item, exports));
  }
  if (value === null || typeof value !== 'object') {
    return [];
  }
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string' && !object.Ref.startsWith('AWS::')) {
    return [object.Ref];
  }
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') {
    return [getAtt[0]];
  }
  if (typeof object['Fn::ImportValue'] === 'string') {
    const producer = exports.get(object['Fn::ImportValue'] as string);
    return producer ? [producer] : [];
  }
  return Object.values(object).flatMap((item) => namedLogicalIds(item, exports));
}

/** Writes the Graphviz source of one diagram. */
export function toDot(diagram: Diagram): string {
  const app = new App();
  const focus = diagram.build(app);
  const assembly = app.synth();
  const stacks = app.node.findAll().filter(Stack.isStack);

  // Every resource, keyed by "<stack artifact>/<logical id>", with the box it belongs to.
  const boxes = new Map<string, Box>();
  const resourceBox = new Map<string, string>();
  const boxTypes = new Map<string, Set<string>>();
  const exports = new Map<string, string>();

  const focusOf = (node: IConstruct) => focus.find((f) => node.node.scopes.includes(f));
  const expanded = new Set((diagram.expand?.(focus) ?? []).map((construct) => construct.node.path));
  for (const stack of stacks) {
    const template = assembly.getStackArtifact(stack.artifactId).template;
    for (const output of Object.values<any>(template.Outputs ?? {})) {
      const [producer] = namedLogicalIds(output.Value, new Map());
      if (output.Export?.Name && producer) {
        exports.set(typeof output.Export.Name === 'string' ? output.Export.Name : JSON.stringify(output.Export.Name), `${stack.artifactId}/${producer}`);
      }
    }
    for (const resource of stack.node.findAll().filter(CfnResource.isCfnResource)) {
      if (resource.cfnResourceType === 'AWS::CDK::Metadata' || Stack.of(resource) !== stack) {
        continue;
      }
      const owner = focusOf(resource);
      let boxNode: IConstruct;
      let cluster: string | undefined;
      if (owner) {
        // The child of the library's construct that holds the resource (a grandchild under an expanded child).
        boxNode = resource.node.scopes[owner.node.scopes.length] ?? owner;
        if (expanded.has(boxNode.node.path)) {
          boxNode = resource.node.scopes[owner.node.scopes.length + 1] ?? boxNode;
        }
        cluster = owner.node.path;
      } else {
        boxNode = resource.node.scopes[stack.node.scopes.length] ?? resource;
      }
      const boxId = boxNode.node.path;
      if (!boxes.has(boxId)) {
        const name = owner ? boxNode.node.id : `${stacks.length > 1 ? `${stack.stackName}/` : ''}${boxNode.node.id}`;
        const service = resource.cfnResourceType.split('::')[1];
        boxes.set(boxId, { id: boxId, label: name, cluster, external: !owner, colour: SERVICE_COLOURS[service] ?? DEFAULT_COLOUR });
        boxTypes.set(boxId, new Set());
      }
      boxTypes.get(boxId)!.add(shortType(resource.cfnResourceType));
      resourceBox.set(`${stack.artifactId}/${stack.resolve(resource.logicalId)}`, boxId);
    }
  }

  // Managed policies by name, so that a role naming one as its permissions boundary (by ARN) points at it.
  const policiesByName = new Map<string, string>();
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries<any>(assembly.getStackArtifact(stack.artifactId).template.Resources ?? {})) {
      if (resource.Type === 'AWS::IAM::ManagedPolicy' && typeof resource.Properties?.ManagedPolicyName === 'string') {
        policiesByName.set(resource.Properties.ManagedPolicyName, `${stack.artifactId}/${logicalId}`);
      }
    }
  }
  const boundaryPolicies = (boundary: unknown) => boundary === undefined ? [] : [...policiesByName.entries()]
    .filter(([name]) => JSON.stringify(boundary).includes(`:policy/${name}`)).map(([, key]) => key);

  // An arrow from each box to every box its resources name.
  const edges = new Set<string>();
  for (const stack of stacks) {
    const template = assembly.getStackArtifact(stack.artifactId).template;
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      const from = resourceBox.get(`${stack.artifactId}/${logicalId}`);
      if (!from) {
        continue;
      }
      for (const named of [...namedLogicalIds(resource.Properties ?? {}, exports), ...boundaryPolicies(resource.Properties?.PermissionsBoundary)]) {
        const to = resourceBox.get(named.includes('/') ? named : `${stack.artifactId}/${named}`);
        if (to && to !== from && (!boxes.get(from)!.external || !boxes.get(to)!.external)) {
          edges.add(JSON.stringify([from, to]));
        }
      }
    }
  }

  // Only the outside constructs that the library's constructs name, or that name them.
  const connected = new Set([...edges].flatMap((edge) => JSON.parse(edge) as string[]));
  const shown = [...boxes.values()].filter((box) => !box.external || connected.has(box.id)).sort((a, b) => a.id.localeCompare(b.id));
  const label = (box: Box) => {
    const types = [...boxTypes.get(box.id)!].sort();
    const listed = types.slice(0, MAX_TYPES_IN_LABEL).join(', ') + (types.length > MAX_TYPES_IN_LABEL ? `, +${types.length - MAX_TYPES_IN_LABEL}` : '');
    return `${box.label}\n${listed}`;
  };
  const node = (box: Box) => `    ${dotString(box.id)} [label=${dotString(label(box))}, fillcolor=${dotString(box.colour)}${box.external ? ', style="rounded,filled,dashed"' : ''}];`;

  const lines = [
    'digraph {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, label=${dotString(diagram.title)}, labelloc=t, nodesep=0.25, ranksep=0.6];`,
    '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10, margin="0.12,0.06"];',
    '  edge [color="#607d8b", arrowsize=0.6];',
  ];
  focus.forEach((construct, index) => {
    lines.push(`  subgraph cluster_${index} {`, `    label=${dotString(`${construct.constructor.name} ${construct.node.path}`)};`,
      '    style="rounded"; color="#90a4ae";');
    lines.push(...shown.filter((box) => box.cluster === construct.node.path).map(node));
    lines.push('  }');
  });
  lines.push(...shown.filter((box) => box.external).map(node));
  lines.push(...[...edges].sort().map((edge) => {
    const [from, to] = JSON.parse(edge) as string[];
    return shown.some((box) => box.id === from) && shown.some((box) => box.id === to) ? `  ${dotString(from)} -> ${dotString(to)};` : '';
  }).filter((line) => line));
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Draws the one dashboard in the drawing's stack, as SVG. */
export function dashboardSvg(drawing: DashboardDrawing): string {
  const app = new App();
  drawing.build(app);
  const template = app.synth().getStackByName(drawing.stackName).template;
  const dashboards = findDashboards(template);
  if (dashboards.length !== 1) {
    throw new Error(`${drawing.name}: expected one AWS::CloudWatch::Dashboard in ${drawing.stackName}, found ${dashboards.length}.`);
  }
  return renderDashboardLayout(dashboards[0].body, { title: drawing.title });
}

// @hpcc-js/wasm-graphviz is an ES module; a CommonJS script loads it with import().
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

export async function renderAll(outputDir = OUTPUT_DIR): Promise<string[]> {
  const { Graphviz } = await importModule('@hpcc-js/wasm-graphviz');
  const graphviz = await Graphviz.load();
  fs.mkdirSync(outputDir, { recursive: true });
  const written: string[] = [];
  for (const diagram of DIAGRAMS) {
    const file = path.join(outputDir, `${diagram.name}.svg`);
    // Graphviz stamps its version in a comment; the layout is what matters.
    fs.writeFileSync(file, graphviz.dot(toDot(diagram)).replace(/<!-- Generated by graphviz [^>]*-->\n/, ''));
    written.push(file);
  }
  for (const drawing of DASHBOARD_DRAWINGS) {
    const file = path.join(outputDir, `${drawing.name}.svg`);
    fs.writeFileSync(file, dashboardSvg(drawing));
    written.push(file);
  }
  return written;
}

if (require.main === module) {
  renderAll().then((files) => {
    for (const file of files) {
      console.log(`${path.relative(process.cwd(), file)} (${fs.statSync(file).size} bytes)`);
    }
  }).catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
