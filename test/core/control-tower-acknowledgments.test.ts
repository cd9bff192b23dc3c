import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ControlTowerAcknowledgments } from '../../src';

function queue() {
  const stack = new Stack(new App(), 'Stack');
  const cfn = new sqs.Queue(stack, 'Queue').node.defaultChild as sqs.CfnQueue;
  return { stack, cfn };
}

describe('ControlTowerAcknowledgments', () => {
  test('writes the control ids where Guard rule sets look (guard.SuppressedRules) and each reason beside them', () => {
    const { stack, cfn } = queue();
    ControlTowerAcknowledgments.add(cfn, 'CT.SQS.PR.1', 'This queue is itself a dead-letter queue.');
    ControlTowerAcknowledgments.add(cfn, 'CT.SQS.PR.2', 'Another reason, long enough.');
    ControlTowerAcknowledgments.add(cfn, 'CT.SQS.PR.1', 'The same control again, with a newer reason.');
    const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::SQS::Queue')) as any[];
    expect(resource.Metadata.guard).toEqual({ SuppressedRules: ['CT.SQS.PR.1', 'CT.SQS.PR.2'] });
    expect(ControlTowerAcknowledgments.of(cfn)).toEqual({
      'CT.SQS.PR.1': 'The same control again, with a newer reason.',
      'CT.SQS.PR.2': 'Another reason, long enough.',
    });
  });

  test('nothing is acknowledged on a resource without acknowledgments', () => {
    expect(ControlTowerAcknowledgments.of(queue().cfn)).toEqual({});
  });

  test.each([['SQS.PR.1'], ['CT.SQS.1'], ['ct.sqs.pr.1'], ['sqs_dlq_check']])('a control id like %j is refused', (controlId) => {
    expect(() => ControlTowerAcknowledgments.add(queue().cfn, controlId, 'A reason long enough.')).toThrow(new Error(
      `\`controlId\` must be an AWS Control Tower proactive control id such as 'CT.S3.PR.9', got: '${controlId}'.`,
    ));
  });

  test('a reason shorter than 10 characters is refused', () => {
    expect(() => ControlTowerAcknowledgments.add(queue().cfn, 'CT.SQS.PR.1', 'too short')).toThrow(new Error(
      "The acknowledgment of CT.SQS.PR.1 on Stack/Queue/Resource needs a reason of at least 10 characters, got: 'too short'.",
    ));
  });
});
