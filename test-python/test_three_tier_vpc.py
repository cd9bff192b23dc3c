"""ThreeTierVpc used from Python through the jsii bindings, against the real
aws-cdk-lib from PyPI. Each test synthesizes and asserts on the template."""
import re

import aws_cdk as cdk
import aws_cdk.aws_ec2 as ec2
import aws_cdk.aws_logs as logs
import aws_cdk.aws_sns as sns
import pytest
from aws_cdk.assertions import Match, Template

import cdk_paved_road
from cdk_paved_road import ThreeTierVpc


def synth(**props):
    app = cdk.App()
    stack = cdk.Stack(app, "PythonStack")
    network = ThreeTierVpc(stack, "Network", **props)
    return network, Template.from_stack(stack)


def subnets_of_tier(template, tier):
    return template.find_resources(
        "AWS::EC2::Subnet",
        {"Properties": {"Tags": Match.array_with([{"Key": "aws-cdk:subnet-name", "Value": tier}])}},
    )


def test_the_wheel_is_the_installed_package():
    assert "site-packages" in cdk_paved_road.__file__


def test_defaults_three_tiers_in_three_azs():
    network, template = synth()
    template.resource_count_is("AWS::EC2::VPC", 1)
    template.resource_count_is("AWS::EC2::Subnet", 9)
    for tier in ("Public", "Application", "Data"):
        assert len(subnets_of_tier(template, tier)) == 3
    template.resource_count_is("AWS::EC2::NatGateway", 3)
    assert network.data_subnets.subnet_group_name == "Data"
    assert network.application_subnets.subnet_group_name == "Application"
    assert network.public_subnets.subnet_group_name == "Public"


def test_data_tier_has_no_internet_route():
    network, template = synth()
    data_subnet_ids = set(subnets_of_tier(template, "Data"))
    associations = template.find_resources("AWS::EC2::SubnetRouteTableAssociation")
    data_route_tables = {
        a["Properties"]["RouteTableId"]["Ref"]
        for a in associations.values()
        if a["Properties"]["SubnetId"]["Ref"] in data_subnet_ids
    }
    assert len(data_route_tables) == 3
    routes = template.find_resources("AWS::EC2::Route")
    assert [r for r in routes.values() if r["Properties"]["RouteTableId"]["Ref"] in data_route_tables] == []


def test_flow_logs_are_encrypted_and_retained():
    network, template = synth(logs=cdk_paved_road.LogOptions(retention=logs.RetentionDays.TWO_YEARS))
    template.has_resource_properties("AWS::EC2::FlowLog", {"ResourceType": "VPC", "TrafficType": "ALL"})
    template.has_resource_properties(
        "AWS::Logs::LogGroup", {"RetentionInDays": 731, "KmsKeyId": Match.any_value()}
    )
    template.has_resource_properties("AWS::KMS::Key", {"EnableKeyRotation": True})
    assert network.flow_log_group is not None


def test_alarms_take_overrides_by_name_and_a_given_topic():
    app = cdk.App()
    stack = cdk.Stack(app, "PythonStack")
    topic = sns.Topic(stack, "OnCall")
    network = ThreeTierVpc(stack, "Network", nat_gateways=1, alarms=cdk_paved_road.AlarmOptions(
        topic=topic,
        overrides={
            "NatGatewayPacketsDropped": cdk_paved_road.AlarmOverride(threshold=1000, evaluation_periods=6),
            "FlowLogDelivery": cdk_paved_road.AlarmOverride(enabled=False),
        },
    ))
    template = Template.from_stack(stack)
    alarms = template.find_resources("AWS::CloudWatch::Alarm")
    assert sorted(a["Properties"]["MetricName"] for a in alarms.values()) == ["ErrorPortAllocation", "PacketsDropCount"]
    dropped = [a for a in alarms.values() if a["Properties"]["MetricName"] == "PacketsDropCount"][0]
    assert (dropped["Properties"]["Threshold"], dropped["Properties"]["EvaluationPeriods"]) == (1000, 6)
    assert network.alarm_topic is topic
    with pytest.raises(Exception, match="`alarms.overrides` names an alarm this construct does not have: 'Nat'"):
        ThreeTierVpc(stack, "Other", alarms=cdk_paved_road.AlarmOptions(overrides={"Nat": cdk_paved_road.AlarmOverride()}))


def test_options_one_nat_and_interface_endpoints():
    _, template = synth(
        cidr="10.8.0.0/18",
        max_azs=2,
        nat_gateways=1,
        interface_endpoints=[ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER],
    )
    template.has_resource_properties("AWS::EC2::VPC", {"CidrBlock": "10.8.0.0/18"})
    template.resource_count_is("AWS::EC2::Subnet", 6)
    template.resource_count_is("AWS::EC2::NatGateway", 1)
    template.has_resource_properties(
        "AWS::EC2::VPCEndpoint", {"VpcEndpointType": "Interface", "PrivateDnsEnabled": True}
    )


def test_vpc_is_usable_as_an_ec2_ivpc():
    app = cdk.App()
    stack = cdk.Stack(app, "PythonStack")
    network = ThreeTierVpc(stack, "Network")
    group = ec2.SecurityGroup(stack, "AppSg", vpc=network.vpc, description="app")
    selected = network.vpc.select_subnets(subnet_group_name="Data")
    assert len(selected.subnet_ids) == 3
    assert group.security_group_id


@pytest.mark.parametrize(
    "props, message",
    [
        ({"cidr": "10.0.0/16"}, "`cidr` must be an IPv4 CIDR block such as '10.0.0.0/16', got: '10.0.0/16'."),
        ({"max_azs": 1}, "`maxAzs` must be a whole number of at least 2"),
        ({"max_azs": 2, "nat_gateways": 3}, "`natGateways` must be a whole number between 1 and `maxAzs` (2), got: 3."),
    ],
)
def test_bad_input_raises_a_clear_error(props, message):
    app = cdk.App()
    stack = cdk.Stack(app, "PythonStack")
    with pytest.raises(Exception, match=re.escape(message)):
        ThreeTierVpc(stack, "Network", **props)
    assert stack.node.try_find_child("Network") is None


def test_development_profile_for_the_whole_app():
    from cdk_paved_road import Profile

    app = cdk.App()
    Profile.set_for(app, Profile.DEVELOPMENT)
    stack = cdk.Stack(app, "Network")
    ThreeTierVpc(stack, "Network")
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::EC2::NatGateway", 1)
    # Logs are kept a year in both profiles (AWS Control Tower's CT.CLOUDWATCH.PR.2).
    template.has_resource_properties("AWS::Logs::LogGroup", {"RetentionInDays": 365})
    assert Profile.of(stack).name == "development"


def test_a_network_acl_over_the_rule_quota_is_refused_and_a_raised_quota_admits_it():
    stack = cdk.Stack(cdk.App(), "Network")
    ports = [1433, 1521, 3306, 5432]
    with pytest.raises(Exception, match=re.escape(
        "The data tier's inbound network ACL needs 21 rules (20 entries and the default deny), "
        "more than the quota of 20 per direction (`networkAclRuleQuota`)"
    )):
        ThreeTierVpc(stack, "Vpc", database_ports=ports)
    ThreeTierVpc(stack, "RaisedQuota", database_ports=ports, network_acl_rule_quota=40)
