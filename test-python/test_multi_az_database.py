"""MultiAzDatabase used from Python through the jsii bindings, against the real
aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_ec2 as ec2
import aws_cdk.aws_iam as iam
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import DatabaseEngine, MultiAzDatabase, ThreeTierVpc


def test_aurora_behind_proxy_with_grant_connect():
    app = cdk.App()
    stack = cdk.Stack(app, "Data")
    network = ThreeTierVpc(stack, "Network")
    database = MultiAzDatabase(stack, "Orders", vpc=network.vpc, database_name="orders")

    app_sg = ec2.SecurityGroup(stack, "AppSecurityGroup", vpc=network.vpc, allow_all_outbound=False)
    database.allow_connections_from(app_sg)
    role = iam.Role(stack, "AppRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    grant = database.grant_connect(role, "orders_app")
    assert grant.success

    template = Template.from_stack(stack)
    template.has_resource_properties(
        "AWS::RDS::DBCluster",
        {"Engine": "aurora-postgresql", "Port": 5433, "StorageEncrypted": True, "EnableIAMDatabaseAuthentication": True},
    )
    # The PRODUCTION profile (the default): a writer and two readers.
    template.resource_count_is("AWS::RDS::DBInstance", 3)
    template.has_resource_properties("AWS::RDS::DBProxy", {"RequireTLS": True})
    template.has_resource_properties(
        "AWS::IAM::ManagedPolicy",
        {
            "Roles": [{"Ref": Match.string_like_regexp("^AppRole")}],
            "PolicyDocument": {"Statement": [Match.object_like({"Action": "rds-db:connect"})]},
        },
    )
    template.has_resource_properties(
        "AWS::EC2::SecurityGroupIngress",
        {"FromPort": 5433, "SourceSecurityGroupId": {"Fn::GetAtt": [Match.string_like_regexp("^AppSecurityGroup"), "GroupId"]}},
    )
    assert database.port == 5433
    assert database.proxy is not None
    assert database.engine.is_aurora


def test_rds_mysql_engine_from_python():
    app = cdk.App()
    stack = cdk.Stack(app, "Data")
    network = ThreeTierVpc(stack, "Network")
    database = MultiAzDatabase(stack, "Inventory", vpc=network.vpc, engine=DatabaseEngine.mysql())
    Template.from_stack(stack).has_resource_properties("AWS::RDS::DBInstance", {"MultiAZ": True, "Port": "3307"})
    assert database.port == 3307


def test_readers_for_an_rds_engine_is_a_clear_error():
    app = cdk.App()
    stack = cdk.Stack(app, "Data")
    network = ThreeTierVpc(stack, "Network")
    with pytest.raises(Exception, match=re.escape("`readers` applies to Aurora engines only, got: 2 with postgres.")):
        MultiAzDatabase(stack, "Orders", vpc=network.vpc, engine=DatabaseEngine.postgres(), readers=2)
    assert stack.node.try_find_child("Orders") is None


def test_identifier_keeps_an_existing_database_and_names_its_proxy():
    app = cdk.App()
    stack = cdk.Stack(app, "Data")
    network = ThreeTierVpc(stack, "Network")
    MultiAzDatabase(stack, "Orders", vpc=network.vpc, identifier="data-orders-1a2b3c4d")
    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::RDS::DBCluster", {"DBClusterIdentifier": "data-orders-1a2b3c4d"})
    template.has_resource_properties("AWS::RDS::DBProxy", {"DBProxyName": "data-orders-1a2b3c4d-proxy"})


def test_an_identifier_rds_would_refuse_is_a_clear_error():
    app = cdk.App()
    stack = cdk.Stack(app, "Data")
    network = ThreeTierVpc(stack, "Network")
    with pytest.raises(Exception, match=re.escape(
        "`identifier` must be 1 to 50 lowercase letters, digits and single hyphens, starting with a letter "
        "and not ending with a hyphen, got: 'Orders'."
    )):
        MultiAzDatabase(stack, "Orders", vpc=network.vpc, identifier="Orders")
