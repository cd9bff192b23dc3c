"""SecureFunction, IngestPipeline, SecureTable and ScheduledJob used from
Python through the jsii bindings, against the real aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_dynamodb as dynamodb
import aws_cdk.aws_lambda as lambda_
import aws_cdk.aws_scheduler as scheduler
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import (
    IngestDestination,
    IngestPipeline,
    MultiAzDatabase,
    ScheduledJob,
    SecureFunction,
    SecureTable,
    ThreeTierVpc,
)

HANDLER = "exports.handler = async () => ({ batchItemFailures: [] });"


def processor(stack, network, name="Processor"):
    return SecureFunction(stack, name, vpc=network.vpc, code=lambda_.Code.from_inline(HANDLER), handler="index.handler")


def test_ingest_pipeline_into_a_multi_az_database():
    app = cdk.App()
    stack = cdk.Stack(app, "Ingest")
    network = ThreeTierVpc(stack, "Network")
    database = MultiAzDatabase(stack, "Orders", vpc=network.vpc)
    function = processor(stack, network)
    assert isinstance(function, lambda_.Function)
    pipeline = IngestPipeline(
        stack, "OrdersIngest",
        prefix="incoming/", suffixes=[".csv"], processor=function,
        destination=IngestDestination.database(database, "orders_app"),
    )

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Events::Rule", {
        "EventPattern": {"detail": {"object": {"key": [{"wildcard": "incoming/*.csv"}]}}},
    })
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {
        "FunctionResponseTypes": ["ReportBatchItemFailures"], "ScalingConfig": {"MaximumConcurrency": 50},
    })
    template.has_resource_properties("AWS::SQS::Queue", {"VisibilityTimeout": 180, "RedrivePolicy": Match.object_like({"maxReceiveCount": 3})})
    template.has_resource_properties("AWS::IAM::ManagedPolicy", {
        "PolicyDocument": {"Statement": [Match.object_like({"Action": "rds-db:connect"})]},
    })
    template.has_resource_properties("AWS::EC2::SecurityGroupIngress", {"FromPort": 5433, "Description": "Connects to Ingest/Orders"})
    assert pipeline.completion_topic is not None
    assert len(pipeline.alarms) == 6


def test_ingest_pipeline_into_a_secure_table():
    app = cdk.App()
    # A SecureTable needs a region: a global table names each replica's key by region.
    stack = cdk.Stack(app, "Ingest", env=cdk.Environment(account="111111111111", region="eu-west-1"))
    network = ThreeTierVpc(stack, "Network")
    table = SecureTable(stack, "Items", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
    IngestPipeline(stack, "ItemsIngest", prefix="items/", processor=processor(stack, network),
                   destination=IngestDestination.table(table), batch_size=100, max_batching_window=cdk.Duration.seconds(20))

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::Lambda::EventSourceMapping", {"BatchSize": 100, "MaximumBatchingWindowInSeconds": 20})
    template.has_resource_properties("AWS::DynamoDB::GlobalTable", {
        "Replicas": [Match.object_like({"PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True}, "DeletionProtectionEnabled": True})],
    })
    template.has_resource_properties("AWS::Lambda::Function", {
        "Environment": {"Variables": Match.object_like({"TABLE_NAME": {"Ref": Match.string_like_regexp("^Items")}})},
    })
    template.resource_count_is("AWS::IAM::Policy", 0)


def test_scheduled_job():
    app = cdk.App()
    stack = cdk.Stack(app, "Jobs")
    network = ThreeTierVpc(stack, "Network")
    ScheduledJob(stack, "Nightly", function=processor(stack, network, "Purge"),
                 schedule=scheduler.ScheduleExpression.cron(hour="3", minute="0", time_zone=cdk.TimeZone.EUROPE_PARIS))
    Template.from_stack(stack).has_resource_properties("AWS::Scheduler::Schedule", {
        "ScheduleExpression": "cron(0 3 * * ? *)", "ScheduleExpressionTimezone": "Europe/Paris",
    })


def test_a_bad_prefix_is_a_clear_error_in_python():
    app = cdk.App()
    stack = cdk.Stack(app, "Ingest")
    network = ThreeTierVpc(stack, "Network")
    with pytest.raises(Exception, match=re.escape("`prefix` must be part of an S3 object key: 1 to 1024 bytes of UTF-8 without control characters "
                                                   "and without a leading '/', such as 'incoming/', got: \"/incoming/\".")):
        IngestPipeline(stack, "Ingest", prefix="/incoming/", processor=processor(stack, network))


def test_a_secure_table_without_a_region_is_a_clear_error_in_python():
    stack = cdk.Stack(cdk.App(), "Agnostic")
    with pytest.raises(Exception, match=re.escape("A SecureTable needs a stack with a region (`env.region`), got the environment-agnostic stack Agnostic")):
        SecureTable(stack, "Items", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))
