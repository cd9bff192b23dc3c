"""EventFanout and FanoutSubscriber used from Python through the jsii
bindings, against the real aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_lambda as lambda_
import aws_cdk.aws_sns as sns
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import EventFanout, FanoutSubscriber, SecureFunction, ThreeTierVpc

HANDLER = "exports.handler = async () => ({ batchItemFailures: [] });"
ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def consumer(stack, network, name):
    return SecureFunction(stack, name, vpc=network.vpc, code=lambda_.Code.from_inline(HANDLER), handler="index.handler")


def test_a_fan_out_with_a_filtered_subscriber_and_a_consumer():
    app = cdk.App()
    stack = cdk.Stack(app, "Orders", env=ENV)
    network = ThreeTierVpc(stack, "Network")
    fanout = EventFanout(stack, "OrderEvents")
    billing = fanout.add_subscriber("Billing", filter_policy={"status": sns.SubscriptionFilter.string_filter(allowlist=["PAID"])})
    assert isinstance(billing, FanoutSubscriber)
    billing.add_consumer(consumer(stack, network, "BillOrder"), batch_size=5)
    email = fanout.add_subscriber("Email", filter_policy_with_message_body={
        "status": sns.FilterOrPolicy.filter(sns.SubscriptionFilter.string_filter(allowlist=["PAID", "FAILED"])),
    })

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SNS::Subscription", {
        "FilterPolicy": {"status": ["PAID"]},
        "RawMessageDelivery": True,
        "RedrivePolicy": {"deadLetterTargetArn": {"Fn::GetAtt": [Match.string_like_regexp("^OrderEventsBillingDeliveryDeadLetterQueue"), "Arn"]}},
    })
    template.has_resource_properties("AWS::SNS::Subscription", {"FilterPolicyScope": "MessageBody"})
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {"BatchSize": 5, "FunctionResponseTypes": ["ReportBatchItemFailures"]})
    assert [s.node.id for s in fanout.subscribers] == ["Billing", "Email"]
    assert len(billing.alarms) == 6 and len(email.alarms) == 3
    assert fanout.fifo is False


def test_a_fifo_fan_out():
    stack = cdk.Stack(cdk.App(), "Orders", env=ENV)
    fanout = EventFanout(stack, "OrderEvents", fifo=True, content_based_deduplication=True)
    fanout.add_subscriber("Billing")
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::SNS::Topic", {"FifoTopic": True, "ContentBasedDeduplication": True})
    assert len(template.find_resources("AWS::SQS::Queue", {"Properties": {"FifoQueue": True}})) == 3


def test_a_subscriber_in_another_account():
    app = cdk.App()
    stack = cdk.Stack(app, "Orders", env=ENV)
    partner = cdk.Stack(app, "Partner", env=cdk.Environment(account="222222222222", region="eu-west-1"))
    fanout = EventFanout(stack, "OrderEvents")
    fanout.add_subscriber("Partner", account="222222222222", stack=partner)
    Template.from_stack(stack).has_resource_properties("AWS::SNS::TopicPolicy", {
        "PolicyDocument": {"Statement": Match.array_with([Match.object_like({"Action": "sns:Subscribe", "Sid": "AllowSubscriptionsFrom222222222222"})])},
    })
    Template.from_stack(partner).resource_count_is("AWS::SNS::Subscription", 1)


def test_bad_input_is_a_clear_error_in_python():
    stack = cdk.Stack(cdk.App(), "Orders", env=ENV)
    with pytest.raises(Exception, match=re.escape("`contentBasedDeduplication` is for FIFO topics: set `fifo` to true, or leave `contentBasedDeduplication` out, got: true with a standard topic.")):
        EventFanout(stack, "Standard", content_based_deduplication=True)
    fanout = EventFanout(stack, "OrderEvents")
    with pytest.raises(Exception, match=re.escape("`account` must be an AWS account id of 12 digits, got: 'partner'.")):
        fanout.add_subscriber("Partner", account="partner")
    with pytest.raises(Exception, match=re.escape("`maxReceiveCount` must be a whole number from 1 to 1000, got: 0.")):
        fanout.add_subscriber("Billing", max_receive_count=0)
