/**
 * Runs the catalogue's requests through an offline IAM policy evaluator
 * (@cloud-copilot/iam-simulate): identity policies, the permissions boundary
 * and the resource's policy (a trust policy, a key policy, a queue policy)
 * evaluated together, the way IAM evaluates a request within one account.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { Request, Technique, Verdict } from './catalogue';
import { ACCOUNT, ADMINISTRATOR_ACCESS, Config, DEFAULT_KEY_POLICY, PolicyDocument, principalOf, REGION } from './world';

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

export interface StepResult {
  readonly request: Request;
  readonly decision: Decision;
}

/** Placeholders in the catalogue that depend on the configuration. */
function substitute(value: string, config: Config): string {
  return value.replace(/\$BOUNDARY_STACK/g, config.boundaryStackArn).replace(/\$BOUNDARY/g, config.boundaryArn);
}

/**
 * Evaluates one request. Fails (throws) when the evaluator rejects the input or
 * ignores a condition key the request names: a key the action does not support
 * would make the simulation say nothing about the real request.
 */
export async function evaluate(request: Request, config: Config): Promise<Decision> {
  const principal = principalOf(request.by, config);
  const contextVariables: Record<string, string | string[]> = { 'aws:RequestedRegion': REGION };
  for (const [key, value] of Object.entries(request.context ?? {})) {
    contextVariables[key] = Array.isArray(value) ? value.map((v) => substitute(v, config)) : substitute(value, config);
  }
  const result = await runSimulation({
    request: {
      principal: principal.requestArn,
      action: request.action,
      resource: { resource: substitute(request.resource, config), accountId: ACCOUNT },
      contextVariables,
    },
    identityPolicies: principal.identityPolicies.map((policy, i) => ({ name: `identity-${i}`, policy })),
    permissionBoundaryPolicies: principal.boundary ? [{ name: 'boundary', policy: principal.boundary }] : undefined,
    resourcePolicy: request.resourcePolicy,
    serviceControlPolicies: request.serviceControlPolicies ?? [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    throw new Error(`The evaluator rejected ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  if (result.resultType !== 'single') {
    throw new Error(`${request.action} on ${request.resource} was simulated for several resources; name one.`);
  }
  const ignored = result.result.ignoredContextKeys ?? [];
  if (ignored.length > 0) {
    throw new Error(`${request.action} does not support the condition keys ${ignored.join(', ')} that the catalogue names.`);
  }
  return result.overallResult as Decision;
}

/**
 * A technique's verdict: `blocked` when a step before the goal is denied,
 * `contained` when only the goal (the action outside the boundary, tried by
 * the principal the chain produced) is denied, `open` when everything is allowed.
 */
export async function runTechnique(technique: Technique, config: Config): Promise<{ verdict: Verdict; steps: StepResult[] }> {
  const steps: StepResult[] = [];
  const requests = technique.goal ? [...technique.steps, technique.goal] : technique.steps;
  for (const request of requests) {
    const decision = await evaluate(request, config);
    steps.push({ request, decision });
    if (decision !== 'Allowed') {
      return { verdict: request === technique.goal ? 'contained' : 'blocked', steps };
    }
  }
  return { verdict: 'open', steps };
}

/**
 * Whether `boundary` lets a role whose own policy allows everything perform
 * `action` on `resource` (which may hold `*`: then on some resource it matches).
 * KMS keys get their default key policy, which defers to IAM. Undefined when
 * the resource is of a type the action does not act on (as IAM, a statement
 * naming it does not apply to that action).
 */
export async function allowedBelow(
  boundary: PolicyDocument, action: string, resource: string, account: string, region: string,
): Promise<Decision | undefined> {
  const result = await runSimulation({
    request: {
      principal: `arn:aws:sts::${account}:assumed-role/app-role/session`,
      action,
      resource: { resource, accountId: account },
      contextVariables: { 'aws:RequestedRegion': region },
    },
    identityPolicies: [{ name: 'everything', policy: ADMINISTRATOR_ACCESS }],
    permissionBoundaryPolicies: [{ name: 'boundary', policy: boundary }],
    resourcePolicy: action.startsWith('kms:') ? JSON.parse(JSON.stringify(DEFAULT_KEY_POLICY).replace(new RegExp(ACCOUNT, 'g'), account)) : undefined,
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  }, {});
  if (result.resultType === 'error') {
    if (result.errors.message === 'no.resource.types') {
      return undefined;
    }
    throw new Error(`The evaluator rejected ${action} on ${resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}
