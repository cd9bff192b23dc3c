"""AuditTrail, SecurityAlarms and PermissionsBoundary.protect_audit_trail used
from Python through the jsii bindings, against the real aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_s3 as s3
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import (
    AlarmOptions, AlarmOverride, AlarmTopic, AuditTrail, PermissionsBoundary, SecurityAlarms,
)

ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def test_a_trail_with_the_cis_alarms_notifying_the_apps_alarm_topic():
    app = cdk.App()
    stack = cdk.Stack(app, "Audit", env=ENV)
    topic = AlarmTopic(stack, "Alarms", email_addresses=["oncall@example.com"])
    AlarmTopic.set_for(app, topic)
    trail = AuditTrail(stack, "Trail",
        object_lock_retention=s3.ObjectLockRetention.compliance(cdk.Duration.days(365)),
        alarms=AlarmOptions(overrides={"CloudWatch.2": AlarmOverride(enabled=False)}),
    )

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::CloudTrail::Trail", {
        "IsMultiRegionTrail": True,
        "EnableLogFileValidation": True,
        "IncludeGlobalServiceEvents": True,
        "KMSKeyId": Match.any_value(),
        "CloudWatchLogsRoleArn": Match.any_value(),
    })
    template.resource_count_is("AWS::Logs::MetricFilter", 14)
    template.resource_count_is("AWS::CloudWatch::Alarm", 13)
    # One alarm topic in the stack: the app's, which every CIS alarm notifies.
    template.resource_count_is("AWS::SNS::Topic", 1)
    template.resource_count_is("AWS::IAM::Policy", 0)
    template.has_resource_properties("AWS::Logs::MetricFilter", {
        "FilterPattern": '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || '
                         '($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    })
    assert [control.id for control in SecurityAlarms.cis().controls] == [f"CloudWatch.{n}" for n in range(1, 15)]
    assert sorted(trail.alarms_by_control.keys()) == sorted(f"CloudWatch.{n}" for n in range(1, 15) if n != 2)
    assert trail.alarm_topic is not None
    assert len(trail.monitoring_widgets()) == 2


def test_a_boundary_protects_the_trail():
    stack = cdk.Stack(cdk.App(), "Platform", env=ENV)
    trail = AuditTrail(stack, "Trail")
    boundary = PermissionsBoundary(stack, "Boundary", services=["logs", "s3", "kms"])
    boundary.protect_audit_trail(trail)
    Template.from_stack(stack).has_resource_properties("AWS::IAM::ManagedPolicy", {
        "PolicyDocument": {"Statement": Match.array_with([Match.object_like({"Sid": "TrailDestinations", "Effect": "Deny"})])},
    })


def test_bad_input_is_a_clear_error_in_python():
    stack = cdk.Stack(cdk.App(), "Audit", env=ENV)
    with pytest.raises(Exception, match=re.escape("`trailName` must not have two periods, underscores or dashes in a row, got: 'audit--trail'.")):
        AuditTrail(stack, "Trail", trail_name="audit--trail")
    with pytest.raises(Exception, match=re.escape("`emailAddresses` holds an address that is not an email address: 'oncall'.")):
        AlarmTopic(stack, "Alarms", email_addresses=["oncall"])
    boundary = PermissionsBoundary(stack, "Boundary", services=["logs"], allowed_regions=["eu-central-1"])
    trail = AuditTrail(stack, "Allowed")
    with pytest.raises(Exception, match=re.escape("outside the boundary's `allowedRegions` ('eu-central-1')")):
        boundary.protect_audit_trail(trail)
