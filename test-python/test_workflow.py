"""Workflow and WorkflowTrigger used from Python through the jsii bindings,
against the real aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_events as events
import aws_cdk.aws_lambda as lambda_
import aws_cdk.aws_scheduler as scheduler
import aws_cdk.aws_stepfunctions as sfn
import aws_cdk.aws_stepfunctions_tasks as tasks
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import ApiAuthorization, SecureFunction, SecureRestApi, ThreeTierVpc, Workflow, WorkflowTrigger

ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def test_a_workflow_from_a_chain_with_three_triggers():
    stack = cdk.Stack(cdk.App(), "Orders", env=ENV)
    network = ThreeTierVpc(stack, "Network")
    validate = SecureFunction(stack, "ValidateOrder", vpc=network.vpc,
                              code=lambda_.Code.from_inline("exports.handler = async (e) => e;"), handler="index.handler")
    api = SecureRestApi(stack, "Api", authorization=ApiAuthorization.iam())
    definition = tasks.LambdaInvoke(stack, "Validate", lambda_function=validate, output_path="$.Payload").next(sfn.Succeed(stack, "Done"))
    workflow = Workflow(stack, "Checkout", definition=definition, triggers=[
        WorkflowTrigger.schedule(scheduler.ScheduleExpression.expression("rate(1 hour)"), input='{"reconcile": true}'),
        WorkflowTrigger.event_pattern(events.EventPattern(source=["shop.orders"])),
        WorkflowTrigger.api(api, "/checkout"),
    ])

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::StepFunctions::StateMachine", {
        "StateMachineType": "STANDARD",
        "LoggingConfiguration": Match.object_like({"Level": "ALL", "IncludeExecutionData": False}),
        "TracingConfiguration": {"Enabled": True},
        "EncryptionConfiguration": Match.object_like({"Type": "CUSTOMER_MANAGED_KMS_KEY"}),
    })
    template.has_resource_properties("AWS::Scheduler::Schedule", {"Target": Match.object_like({"Input": '{"reconcile": true}'})})
    template.resource_count_is("AWS::Events::Rule", 1)
    template.has_resource_properties("AWS::ApiGateway::Method", {"HttpMethod": "POST", "AuthorizationType": "AWS_IAM"})
    template.resource_count_is("AWS::IAM::Policy", 0)
    assert workflow.type == sfn.StateMachineType.STANDARD
    assert len(workflow.alarms) == 6


def test_an_express_workflow_from_a_definition_body():
    stack = cdk.Stack(cdk.App(), "Quotes", env=ENV)
    Workflow(stack, "Quote", type=sfn.StateMachineType.EXPRESS,
             definition=sfn.DefinitionBody.from_string('{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}'))
    Template.from_stack(stack).has_resource_properties("AWS::StepFunctions::StateMachine", {"StateMachineType": "EXPRESS"})


def test_bad_input_is_a_clear_error_in_python():
    stack = cdk.Stack(cdk.App(), "Orders", env=ENV)
    with pytest.raises(Exception, match=re.escape("`timeout` must be whole seconds from 1 to 300 (5 minutes, the longest an EXPRESS workflow runs), got: 10 minutes.")):
        Workflow(stack, "Slow", definition=sfn.Pass(stack, "Start"), type=sfn.StateMachineType.EXPRESS, timeout=cdk.Duration.minutes(10))
    with pytest.raises(Exception, match=re.escape("`includeExecutionData` logs every input and output")):
        Workflow(stack, "Chatty", definition=sfn.Pass(stack, "Begin"), include_execution_data=True)
