import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ApiAuthorization, SecureFunction, SecureRestApi, ThreeTierVpc, Workflow, WorkflowProps, WorkflowTrigger } from '../../src';
import { expectPavedRoad, secureFunction, serverlessStack } from '../serverless-fixture';

/** A check-and-decide definition: a Lambda task, then a choice between success and failure. */
function checkout(stack: Stack, fn: SecureFunction, options: Partial<tasks.LambdaInvokeProps> = {}): sfn.IChainable {
  const validate = new tasks.LambdaInvoke(stack, 'Validate', { lambdaFunction: fn, outputPath: '$.Payload', ...options });
  return validate.next(new sfn.Choice(stack, 'Valid?')
    .when(sfn.Condition.booleanEquals('$.ok', true), new sfn.Succeed(stack, 'Accepted'))
    .otherwise(new sfn.Fail(stack, 'Rejected', { error: 'InvalidOrder' })));
}

/** A Checkout workflow with `props`; `more` adds to the stack before it is synthesized. */
function build(props: Partial<WorkflowProps> = {}, more: (stack: Stack, workflow: Workflow, network: ThreeTierVpc) => void = () => {}) {
  const fixture = serverlessStack();
  const { stack } = fixture;
  const fn = secureFunction(stack, 'Validator', fixture.network);
  const workflow = new Workflow(stack, 'Checkout', { definition: checkout(stack, fn), ...props });
  more(stack, workflow, fixture.network);
  return { ...fixture, fn, workflow, template: Template.fromStack(stack) };
}

/** The ARN of the Checkout state machine as the templates build it. */
const STATE_MACHINE_NAME = 'Workload-Checkout-E4E8A93C-';
/** The same, for jest's own matchers. */
const stateMachineArnValue = expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(new RegExp(`:stateMachine:${STATE_MACHINE_NAME}$`))])] });
const stateMachineArn = Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(`:states:eu-west-1:111111111111:stateMachine:${STATE_MACHINE_NAME}$`)])] });

/** The statements of the managed policies whose logical ids start with `prefix`. */
function statementsOf(template: Template, prefix: string): any[] {
  return Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith(prefix))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

describe('Workflow with the defaults', () => {
  const { app, stack, workflow, template } = build();

  test('a STANDARD state machine named from its path and stack, timing out after 1 hour', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.StateMachineType).toEqual('STANDARD');
    expect(JSON.stringify(machine.Properties.StateMachineName)).toContain(STATE_MACHINE_NAME);
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"TimeoutSeconds\\":3600');
    expect(workflow.type).toEqual(sfn.StateMachineType.STANDARD);
  });

  test('every event logged without payloads, X-Ray tracing, and a customer-managed key for its data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutLogs'), 'Arn'] } } }] },
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutKey'), 'Arn'] }, KmsDataKeyReusePeriodSeconds: 300 },
    });
  });

  test('a log group under /aws/vendedlogs/states/, encrypted with the workflow key, kept a year and retained', () => {
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: { 'Fn::Join': ['', Match.arrayWith([`/aws/vendedlogs/states/${STATE_MACHINE_NAME}`])] },
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutKey'), 'Arn'] },
        RetentionInDays: 365,
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the key rotates, and lets CloudWatch Logs and the log delivery use it, the latter for this workflow\'s data only', () => {
    const [key] = Object.entries<any>(template.findResources('AWS::KMS::Key')).filter(([id]) => id.startsWith('CheckoutKey')).map(([, k]) => k);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    const statements = key.Properties.KeyPolicy.Statement;
    expect(statements.map((statement: any) => statement.Sid)).toEqual(expect.arrayContaining(['AllowCloudWatchLogsForThisAccount', 'AllowLogDeliveryForThisWorkflow']));
    const delivery = statements.find((statement: any) => statement.Sid === 'AllowLogDeliveryForThisWorkflow');
    expect(delivery.Principal).toEqual({ Service: 'delivery.logs.amazonaws.com' });
    expect(delivery.Action).toEqual('kms:Decrypt');
    expect(Object.keys(delivery.Condition.StringEquals)).toEqual(['kms:EncryptionContext:aws:states:stateMachineArn']);
  });

  test('only this state machine of this account may assume the role', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { Service: 'states.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': stateMachineArn } },
        }],
      },
      ManagedPolicyArns: [{ Ref: Match.stringLikeRegexp('^PavedRoadWorkflowLoggingPolicy') }],
    });
  });

  test('the role\'s own managed policy: the key in this state machine\'s context, and the function alone (no version wildcard)', () => {
    const statements = statementsOf(template, 'CheckoutRolePermissions');
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CheckoutKey/), 'Arn'] },
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': expect.anything() } },
    });
    expect(statements.filter((statement) => statement.Action === 'lambda:InvokeFunction'))
      .toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Validator/), 'Arn'] } }]);
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('log delivery and X-Ray on * in one policy per stack, acknowledged once', () => {
    template.hasResource('AWS::IAM::ManagedPolicy', {
      Properties: {
        PolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Resource: '*',
            Action: ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
              'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
              'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
          }],
        },
      },
      Metadata: { cdk_nag: { rules_to_suppress: [Match.objectLike({ id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'] })] } },
    });
  });

  test('the state machine is created after the policies Step Functions checks', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^CheckoutRolePermissions/), expect.stringMatching(/^PavedRoadWorkflowLoggingPolicy/)]));
  });

  test('alarms on failed, timed-out, throttled and aborted executions, each at least 1 in 5 minutes', () => {
    const alarms = Object.entries<any>(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.startsWith('Checkout'))
      .map(([, alarm]) => alarm.Properties)
      .map((alarm) => [alarm.Namespace, alarm.MetricName, alarm.Statistic, alarm.Threshold, alarm.Period]);
    expect(alarms).toEqual([
      ['AWS/States', 'ExecutionsFailed', 'Sum', 1, 300],
      ['AWS/States', 'ExecutionsTimedOut', 'Sum', 1, 300],
      ['AWS/States', 'ExecutionThrottled', 'Sum', 1, 300],
      ['AWS/States', 'ExecutionsAborted', 'Sum', 1, 300],
    ]);
    expect(workflow.alarms).toHaveLength(4);
    expect(workflow.alarmTopic).toBeDefined();
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('Workflow grants', () => {
  const { template } = build({}, (stack, workflow, network) => {
    const starter = secureFunction(stack, 'Starter', network);
    workflow.grantStartExecution(starter);
    workflow.grantRead(starter);
    workflow.grantTaskResponse(starter);
  });
  const statements = statementsOf(template, 'StarterServiceRolePermissions');

  test('start executions, with the key in this state machine\'s context', () => {
    expect(statements).toContainEqual({ Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArnValue });
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'kms:GenerateDataKey', Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': expect.anything() } },
    }));
  });

  test('read the state machine and its executions with kms:Decrypt, and answer callback tasks, all on this state machine', () => {
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['states:DescribeStateMachine', 'states:ListExecutions'], Resource: stateMachineArnValue });
    expect(statements).toContainEqual({
      Effect: 'Allow',
      Action: ['states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory'],
      Resource: expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([expect.stringMatching(new RegExp(`:execution:${STATE_MACHINE_NAME}$`)), ':*'])] }),
    });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], Resource: stateMachineArnValue });
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'kms:Decrypt', Condition: expect.anything() }));
    expect(JSON.stringify(statements)).not.toContain('"Resource":"*"');
  });
});

describe('Workflow triggers', () => {
  const { app, stack, network } = serverlessStack();
  const fn = secureFunction(stack, 'Validator', network);
  const api = new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() });
  new Workflow(stack, 'Checkout', {
    definition: checkout(stack, fn),
    triggers: [
      WorkflowTrigger.schedule(scheduler.ScheduleExpression.expression('cron(0 3 * * ? *)'), { input: '{"batch":"nightly"}' }),
      WorkflowTrigger.eventPattern({ source: ['shop.orders'], detailType: ['OrderPlaced'] }),
      WorkflowTrigger.api(api, '/orders/checkout'),
    ],
  });
  const template = Template.fromStack(stack);

  test('a schedule starts the state machine with its input, 3 retries within an hour, a dead-letter queue and the workflow key', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 3 * * ? *)',
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutKey'), 'Arn'] },
      Target: {
        Arn: stateMachineArn,
        Input: '{"batch":"nightly"}',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutScheduleTriggerDeadLetterQueue'), 'Arn'] } },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutScheduleTriggerRole'), 'Arn'] },
      },
    });
    expect(statementsOf(template, 'CheckoutScheduleTriggerPolicy')).toContainEqual({ Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArnValue });
  });

  test('a rule starts it with each matching event, 185 retries within a day, and a dead-letter queue only the rule may fill', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['shop.orders'], 'detail-type': ['OrderPlaced'] },
      Targets: [Match.objectLike({
        Arn: stateMachineArn,
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutRuleTriggerRole'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutRuleTriggerDeadLetterQueue'), 'Arn'] } },
      })],
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowTheTriggerRuleToSend', Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutRuleTrigger'), 'Arn'] } } } })]) },
    });
  });

  test('POST /orders/checkout with IAM authorization calls StartExecution with the request body as input', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      AuthorizationType: 'AWS_IAM',
      Integration: Match.objectLike({
        Type: 'AWS',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':states:action/StartExecution$')])] },
        Credentials: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CheckoutApiTriggerRole'), 'Arn'] },
        PassthroughBehavior: 'NEVER',
      }),
    });
    expect(statementsOf(template, 'CheckoutApiTriggerPolicy')).toContainEqual({ Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArnValue });
  });

  test('the request template turns a body with quotes and apostrophes into a valid StartExecution request', () => {
    const [method] = Object.values<any>(template.findResources('AWS::ApiGateway::Method'));
    const joined = method.Properties.Integration.RequestTemplates['application/json']['Fn::Join'][1] as unknown[];
    const vtl = joined.map((part) => (typeof part === 'string' ? part : 'TOKEN')).join('');
    // What API Gateway does: $util.escapeJavaScript escapes quotes, backslashes and apostrophes, then Java's
    // String.replaceAll("\\'", "'") (a regular expression: a backslash, then an apostrophe) takes the apostrophes back.
    const body = { item: 'children\'s "tea"', note: 'a\\b' };
    const escaped = JSON.stringify(body).replace(/[\\"']/g, (c) => `\\${c}`);
    const expression = '$util.escapeJavaScript($input.json(\'$\')).replaceAll("\\\\\'","\'")';
    expect(vtl).toContain(expression);
    const request = JSON.parse(vtl.replace(expression, escaped.replace(/\\'/g, '\'')));
    expect(request).toEqual({ stateMachineArn: expect.stringMatching(new RegExp(`:stateMachine:${STATE_MACHINE_NAME}TOKEN$`)), input: JSON.stringify(body) });
  });

  test('errors answer with a fixed message and the request id, not Step Functions\' own', () => {
    const [method] = Object.values<any>(template.findResources('AWS::ApiGateway::Method'));
    expect(method.Properties.Integration.IntegrationResponses).toEqual([
      { StatusCode: '200' },
      { StatusCode: '400', SelectionPattern: '4\\d{2}', ResponseTemplates: { 'application/json': '{"message": "The workflow refused the request", "requestId": "$context.requestId"}' } },
      { StatusCode: '500', SelectionPattern: '5\\d{2}', ResponseTemplates: { 'application/json': '{"message": "The workflow could not be started", "requestId": "$context.requestId"}' } },
    ]);
  });

  test('an alarm on each trigger\'s dead-letter queue', () => {
    const names = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.startsWith('Checkout'));
    expect(names.filter((id) => id.includes('TriggerDeadLettersAlarm'))).toHaveLength(2);
  });

  test('zero cdk-nag findings, LeastPrivilegeChecks clean and a boundary on every role', () => {
    expectPavedRoad(app, stack);
  });
});

describe('an EXPRESS Workflow', () => {
  const { template } = build({ type: sfn.StateMachineType.EXPRESS }, (stack) => {
    const api = new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() });
    const fn = stack.node.findChild('Validator') as SecureFunction;
    const definition = new tasks.LambdaInvoke(stack, 'PriceQuote', { lambdaFunction: fn });
    new Workflow(stack, 'Quote', { type: sfn.StateMachineType.EXPRESS, definition, triggers: [WorkflowTrigger.api(api, '/quotes')] });
  });

  test('times out after 5 minutes, and its name says EXPRESS, so a change of type replaces it under a new name', () => {
    const [machine] = Object.values<any>(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(machine.Properties.StateMachineType).toEqual('EXPRESS');
    expect(JSON.stringify(machine.Properties.StateMachineName)).toContain(`Express-${STATE_MACHINE_NAME}`);
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"TimeoutSeconds\\":300');
  });

  test('an API trigger runs it synchronously', () => {
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      Integration: Match.objectLike({ Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':states:action/StartSyncExecution$')])] } }),
    });
  });
});

test('execution data is logged when asked with a reason', () => {
  const { template } = build({ includeExecutionData: true, executionDataReason: 'Payloads hold order ids only' });
  template.hasResourceProperties('AWS::StepFunctions::StateMachine', { LoggingConfiguration: Match.objectLike({ IncludeExecutionData: true }) });
});

test('a definition body from a string is used as given', () => {
  const { stack } = serverlessStack();
  new Workflow(stack, 'Wait', { definition: sfn.DefinitionBody.fromString('{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}') });
  Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', { DefinitionString: '{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}' });
});

describe('Workflow refuses bad input, before anything is created', () => {
  const waitForToken = (stack: Stack, fn: SecureFunction) => new tasks.LambdaInvoke(stack, 'Approve', {
    lambdaFunction: fn,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
  });
  const express = sfn.StateMachineType.EXPRESS;
  const cases: Array<[string, (stack: Stack, fn: SecureFunction) => Partial<WorkflowProps>, string]> = [
    ['execution data without a reason', () => ({ includeExecutionData: true }),
      '`includeExecutionData` logs every input and output, which may hold personal or payment data: give `executionDataReason`, such as "payloads hold order ids only", got none.'],
    ['an EXPRESS timeout of 6 minutes', () => ({ type: express, timeout: Duration.minutes(6) }),
      '`timeout` must be whole seconds from 1 to 300 (5 minutes, the longest an EXPRESS workflow runs), got: 6 minutes. Use a STANDARD workflow for longer runs.'],
    ['a STANDARD timeout over a year', () => ({ timeout: Duration.days(366) }), '`timeout` must be whole seconds from 1 to 31536000 (a year), got: 366 days.'],
    ['a timeout of half a second', () => ({ timeout: Duration.millis(500) }), '`timeout` must be whole seconds from 1 to 31536000 (a year), got: 500 millis.'],
    ['a callback task in an EXPRESS workflow', (stack, fn) => ({ type: express, definition: waitForToken(stack, fn) }),
      'An EXPRESS workflow cannot run job-run (.sync) or callback (.waitForTaskToken) tasks ("Standard vs. Express Workflows", Step Functions Developer Guide), ' +
      'got: \'Approve\' (lambda:invoke.waitForTaskToken). Use a STANDARD workflow, or the request-response pattern.'],
    ['a .sync task inside a parallel branch of an EXPRESS workflow', (stack) => ({
      type: express,
      definition: new sfn.Parallel(stack, 'Both').branch(new sfn.Pass(stack, 'Noop')).branch(new tasks.StepFunctionsStartExecution(stack, 'Child', {
        stateMachine: sfn.StateMachine.fromStateMachineName(stack, 'Other', 'other'), integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      })),
    }), 'An EXPRESS workflow cannot run job-run (.sync) or callback (.waitForTaskToken) tasks ("Standard vs. Express Workflows", Step Functions Developer Guide), ' +
      'got: \'Child\' (states:startExecution.sync:2). Use a STANDARD workflow, or the request-response pattern.'],
    ['a callback task in a map\'s item processor of an EXPRESS workflow', (stack, fn) => ({
      type: express,
      definition: new sfn.Map(stack, 'EachItem', { itemsPath: '$.items' }).itemProcessor(waitForToken(stack, fn)),
    }), 'An EXPRESS workflow cannot run job-run (.sync) or callback (.waitForTaskToken) tasks ("Standard vs. Express Workflows", Step Functions Developer Guide), ' +
      'got: \'Approve\' (lambda:invoke.waitForTaskToken). Use a STANDARD workflow, or the request-response pattern.'],
    ['a .sync task in an EXPRESS definition string', () => ({
      type: express,
      definition: sfn.DefinitionBody.fromString(JSON.stringify({ StartAt: 'Run', States: { Run: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } } })),
    }), 'An EXPRESS workflow cannot run job-run (.sync) or callback (.waitForTaskToken) tasks ("Standard vs. Express Workflows", Step Functions Developer Guide), ' +
      'got: \'Run\' (ecs:runTask.sync). Use a STANDARD workflow, or the request-response pattern.'],
    ['infinite log retention', () => ({ logs: { retention: logs.RetentionDays.INFINITE } }),
      '`logs.retention` must be a finite period, got: INFINITE. Logs kept forever grow without bound and outlive their purpose.'],
    ['an unknown alarm', () => ({ alarms: { overrides: { Errors: { enabled: false } } } }),
      '`alarms.overrides` names an alarm this construct does not have: \'Errors\'. Its alarms are: \'Failed\', \'TimedOut\', \'Throttled\', \'Aborted\', \'TriggerDeadLetters\'.'],
    ['a schedule of 61 minutes a day', () => ({ triggers: [WorkflowTrigger.schedule(scheduler.ScheduleExpression.expression('cron(0 3 * * * *)'))] }),
      '`schedule` must be rate(<n> minute(s)|hour(s)|day(s)) or cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>) with \'?\' in exactly one of ' +
      'day-of-month and day-of-week, got: \'cron(0 3 * * * *)\'.'],
    ['186 retries', () => ({ triggers: [WorkflowTrigger.eventPattern({ source: ['shop'] }, { retryAttempts: 186 })] }),
      '`retryAttempts` must be a whole number from 0 to 185, got: 186.'],
    ['a maximum event age of 30 seconds', () => ({ triggers: [WorkflowTrigger.schedule(scheduler.ScheduleExpression.expression('rate(1 hour)'), { maxEventAge: Duration.seconds(30) })] }),
      '`maxEventAge` must be from 1 minute to 24 hours (60 to 86400 seconds), got: 30 seconds.'],
    ['an API without IAM authorization', (stack) => ({ triggers: [WorkflowTrigger.api(new SecureRestApi(stack, 'Public', { authorization: ApiAuthorization.allowUnauthenticated('A public catalogue') }), '/orders')] }),
      '`triggers[0]` needs a SecureRestApi whose authorization is ApiAuthorization.iam(), so that only callers with states permissions to start it can, ' +
      'got Workload/Public with NONE.'],
    ['a path without a leading slash', (stack) => ({ triggers: [WorkflowTrigger.api(new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() }), 'orders')] }),
      '`triggers[0]` needs a resource path such as \'/orders\' or \'/orders/{id}\': parts of letters, digits, \'.\', \'_\' and \'-\', got: \'orders\'.'],
    ['a path that already has POST', (stack) => {
      const api = new SecureRestApi(stack, 'Api', { authorization: ApiAuthorization.iam() });
      api.root.addResource('orders').addMethod('POST', new apigw.MockIntegration());
      return { triggers: [WorkflowTrigger.api(api, '/orders')] };
    }, '`triggers[0]` needs a path without a POST method, got: \'/orders\', which Workload/Api already has.'],
  ];
  test.each(cases)('%s', (_name, props, message) => {
    const { stack, network } = serverlessStack();
    const fn = secureFunction(stack, 'Validator', network);
    const given = props(stack, fn);
    const definition = given.definition ?? new sfn.Pass(stack, 'Start');
    const before = stack.node.findAll().length;
    expect(() => new Workflow(stack, 'Checkout', { ...given, definition })).toThrow(new Error(message));
    expect(stack.node.findAll().length).toEqual(before);
  });

  test('a callback task is fine in a STANDARD workflow', () => {
    const { stack, network } = serverlessStack();
    const fn = secureFunction(stack, 'Validator', network);
    const approve = new tasks.LambdaInvoke(stack, 'Approve', {
      lambdaFunction: fn,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
    });
    expect(() => new Workflow(stack, 'Checkout', { definition: approve })).not.toThrow();
  });
});

test('a given key, log options and a boundary of its own', () => {
  const { template } = build({
    logs: { retention: logs.RetentionDays.TWO_YEARS },
    permissionsBoundary: iam.ManagedPolicy.fromManagedPolicyName(new Stack(), 'Bound', 'workload-boundary'),
  });
  template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 731 });
  template.hasResourceProperties('AWS::IAM::Role', {
    AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'states.amazonaws.com' } })] }),
    PermissionsBoundary: Match.anyValue(),
  });
});
