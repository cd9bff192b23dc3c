import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { controlTower } from './control-tower';
import { ControlTowerAcknowledgments } from '../../src';

/** The harness itself: it must report what the controls fail, and count an acknowledgment only where one is written. */
describe('the AWS Control Tower harness', () => {
  test('an unencrypted queue without a dead-letter queue is open; the same failure, acknowledged, is not', () => {
    const app = new App();
    const stack = new Stack(app, 'Queues');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const acknowledged = new sqs.Queue(stack, 'Acknowledged', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    ControlTowerAcknowledgments.add(acknowledged.node.defaultChild as sqs.CfnQueue, 'CT.SQS.PR.1', 'A reason given for the test.');
    const assembly = app.synth();
    const result = controlTower([path.join(assembly.directory, stack.templateFile)]);
    const byControl = (findings: typeof result.open) => findings.map((f) => `${f.control} ${f.logicalId.replace(/[0-9A-F]{8}$/, '')}`).sort();
    expect(byControl(result.open)).toEqual(['CT.SQS.PR.1 Plain', 'CT.SQS.PR.2 Acknowledged', 'CT.SQS.PR.2 Plain']);
    expect(byControl(result.acknowledged)).toEqual(['CT.SQS.PR.1 Acknowledged']);
    expect(result.acknowledged[0].text).toEqual('A reason given for the test.');
    expect(result.rules).toBeGreaterThan(200);
  });
});
