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

from cdk_paved_road import PermissionsBoundary, ReplicatedBucket, SecureRestApi, ThreeTierVpc


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
