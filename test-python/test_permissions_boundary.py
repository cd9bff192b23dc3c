"""PermissionsBoundary applied from Python through the jsii bindings, against
the real aws-cdk-lib from PyPI."""
import json

import aws_cdk as cdk
import aws_cdk.aws_apigateway as apigw
import aws_cdk.aws_iam as iam
import aws_cdk.aws_lambda as lambda_
import aws_cdk.aws_logs as logs
import pytest
from aws_cdk.assertions import Template

from cdk_paved_road import LeastPrivilegeChecks, LeastPrivilegeException, PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc


def test_boundary_is_on_every_role_and_user():
    app = cdk.App()
    stack = cdk.Stack(app, "Workload", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    boundary = PermissionsBoundary(stack, "Boundary", services=["s3", "logs", "kms"], managed_policy_name="paved-road-boundary")
    ThreeTierVpc(stack, "Network")
    ReplicatedBucket(stack, "Uploads")
    api = SecureRestApi(stack, "Api")
    api.root.add_method("GET", apigw.MockIntegration())
    # A hidden aws-cdk-lib role (log retention) and an L1 user.
    lambda_.Function(stack, "Fn",
        runtime=lambda_.Runtime.NODEJS_22_X,
        handler="index.handler",
        code=lambda_.Code.from_inline("exports.handler = async () => ({})"),
        log_retention=logs.RetentionDays.ONE_WEEK,
    )
    iam.CfnUser(stack, "Operator")
    boundary.apply_to(app)

    resources = Template.from_stack(stack).to_json()["Resources"]
    principals = {rid: r for rid, r in resources.items() if r["Type"] in ("AWS::IAM::Role", "AWS::IAM::User")}
    assert len(principals) >= 7
    assert any(rid.startswith("LogRetention") for rid in principals)
    for rid, principal in principals.items():
        assert "policy/paved-road-boundary" in json.dumps(principal["Properties"]["PermissionsBoundary"]), rid


def test_a_boundary_allowing_nothing_is_a_clear_error():
    stack = cdk.Stack(cdk.App(), "Workload")
    with pytest.raises(Exception, match="A PermissionsBoundary needs `statements` or `services` that allow something, got neither"):
        PermissionsBoundary(stack, "Boundary")


def test_least_privilege_checks_from_python():
    app = cdk.App()
    stack = cdk.Stack(app, "Checked")
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    iam.ManagedPolicy(stack, "Policy", roles=[role], statements=[
        iam.PolicyStatement(actions=["s3:GetObject", "ec2:DescribeInstances"], resources=["*"]),
    ])
    ThreeTierVpc(stack, "Network")
    cdk.Aspects.of(app).add(LeastPrivilegeChecks())
    messages = [m.entry.data for m in app.synth().get_stack_by_name("Checked").messages]
    # The bundled service reference is found from Python too: only the scopable action is reported.
    assert messages == [
        'LeastPrivilege: Resource * for actions that support resource-level permissions: s3:GetObject '
        'in {"Action":["s3:GetObject","ec2:DescribeInstances"],"Effect":"Allow","Resource":"*"}'
    ]


def test_an_unused_exception_fails_synth():
    app = cdk.App()
    cdk.Stack(app, "Empty")
    cdk.Aspects.of(app).add(LeastPrivilegeChecks(exceptions=[
        LeastPrivilegeException(path="Empty/Role", finding="Action *", reason="An exception nobody needs any more."),
    ]))
    with pytest.raises(Exception, match="LeastPrivilege: the exception for 'Action \\*' at Empty/Role matches no finding; remove it."):
        app.synth()
