"""OperationsDashboard, AlarmTopic and IMonitored used from Python through the
jsii bindings, against the real aws-cdk-lib from PyPI."""
import json
import re

import aws_cdk as cdk
import aws_cdk.aws_stepfunctions as sfn
import pytest
from aws_cdk.assertions import Template

from cdk_paved_road import AlarmOptions, AlarmTopic, EventFanout, OperationsDashboard, ThreeTierVpc, Workflow

ENV = cdk.Environment(account="111111111111", region="eu-west-1")


def test_a_dashboard_over_three_constructs_with_one_service_health_alarm():
    app = cdk.App()
    stack = cdk.Stack(app, "Operations", env=ENV)
    AlarmTopic.set_for(app, AlarmTopic(stack, "Alarms", https_endpoints=["https://events.example.com/alarms"]))
    network = ThreeTierVpc(stack, "Network")
    workflow = Workflow(stack, "Orders", definition=sfn.Pass(stack, "Accept"))
    fanout = EventFanout(stack, "OrderEvents")
    fanout.add_subscriber("Billing")
    dashboard = OperationsDashboard(stack, "Dashboard", dashboard_name="Orders")
    dashboard.monitor(network, workflow, fanout)

    assert dashboard.sections == ["Operations/Network", "Operations/Orders", "Operations/OrderEvents"]
    assert dashboard.alarm_count == len(network.alarms) + len(workflow.alarms) + len(fanout.alarms)
    template = Template.from_stack(stack)
    # A composite alarm per construct with alarms, and ServiceHealth over them.
    template.resource_count_is("AWS::CloudWatch::CompositeAlarm", 4)
    template.resource_count_is("AWS::SNS::Topic", 2)  # the alarm topic and the fan-out's topic
    dashboards = template.find_resources("AWS::CloudWatch::Dashboard")
    body = json.dumps(list(dashboards.values())[0]["Properties"]["DashboardBody"])
    for path in dashboard.sections:
        assert f"## {path}" in body


def test_widgets_come_from_each_construct():
    stack = cdk.Stack(cdk.App(), "Operations", env=ENV)
    workflow = Workflow(stack, "Orders", definition=sfn.Pass(stack, "Accept"))
    assert len(workflow.monitoring_widgets()) == 2
    assert len(workflow.alarms) == 4


def test_bad_input_is_a_clear_error_in_python():
    stack = cdk.Stack(cdk.App(), "Operations", env=ENV)
    dashboard = OperationsDashboard(stack, "Dashboard", alarms=AlarmOptions(enabled=False))
    with pytest.raises(Exception, match=re.escape("`monitor()` on Operations/Dashboard got no constructs")):
        dashboard.monitor()
    with pytest.raises(Exception, match=re.escape("`dashboardName` must be 1 to 255 letters, digits, '-' or '_', got: 'my dashboard'.")):
        OperationsDashboard(stack, "Named", dashboard_name="my dashboard")
