import { SharedStackPolicy } from './function-role';

/**
 * What a state machine that logs and traces needs on `*` ("Logging using
 * CloudWatch Logs" and "IAM policies for X-Ray", Step Functions Developer
 * Guide): CloudWatch Logs' log delivery and X-Ray support no resource-level
 * permissions.
 */
export const WORKFLOW_LOGGING_ACTIONS = [
  'logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
  'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups',
];
const WORKFLOW_TRACING_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
export const WORKFLOW_POLICY: SharedStackPolicy = {
  id: 'PavedRoadWorkflowLoggingPolicy',
  description: 'Log delivery to CloudWatch Logs and X-Ray traces, for every Workflow of this stack',
  actions: [...WORKFLOW_LOGGING_ACTIONS, ...WORKFLOW_TRACING_ACTIONS],
  acceptedActions: [...WORKFLOW_LOGGING_ACTIONS, ...WORKFLOW_TRACING_ACTIONS],
  reason: 'Step Functions sets up the log delivery of a state machine through its role with CloudWatch Logs\' log-delivery actions, ' +
    'and sends X-Ray traces, none of which support resource-level permissions.',
};
