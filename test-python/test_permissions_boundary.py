"""PermissionsBoundary applied from Python through the jsii bindings, against
the real aws-cdk-lib from PyPI."""
import json

import aws_cdk as cdk
import aws_cdk.aws_apigateway as apigw
import aws_cdk.aws_iam as iam
import aws_cdk.aws_kms as kms
import aws_cdk.aws_lambda as lambda_
import aws_cdk.aws_logs as logs
import aws_cdk.aws_s3 as s3
import pytest
from aws_cdk.assertions import Template

from cdk_paved_road import (
    ApiGatewayAccountLogging,
    AuditTrailDestinations,
    LeastPrivilegeChecks,
    LeastPrivilegeException,
    PermissionsBoundary,
    ReplicatedBucket,
    SecureRestApi,
    ThreeTierVpc,
)


def test_boundary_is_on_every_role_and_user():
    app = cdk.App()
    stack = cdk.Stack(app, "Workload", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    boundary = PermissionsBoundary(stack, "Boundary", services=["s3", "logs", "kms"], managed_policy_name="paved-road-boundary")
    ThreeTierVpc(stack, "Network")
    ReplicatedBucket(stack, "Uploads")
    ApiGatewayAccountLogging(stack, "ApiGatewayLogging")
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


def test_a_hardened_boundary_denies_the_escalation_paths_from_python():
    app = cdk.App()
    stack = cdk.Stack(app, "Platform", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    boundary = PermissionsBoundary(stack, "Boundary",
        statements=[iam.PolicyStatement(actions=["*"], resources=["*"])],
        allow_administrative_actions=True,
        managed_policy_name="paved-road-boundary",
        allowed_regions=["eu-west-1"],
        unbounded_role_name_patterns=["cdk-*"],
        require_stack_service_role=True,
        protected_stack_names=["SecurityBaseline"],
        audit_trail=AuditTrailDestinations(
            bucket=s3.Bucket.from_bucket_name(stack, "TrailBucket", "org-trail-logs"),
            log_group=logs.LogGroup.from_log_group_name(stack, "TrailLogs", "aws-cloudtrail-logs"),
            encryption_key=kms.Key.from_key_arn(stack, "TrailKey", "arn:aws:kms:eu-west-1:123456789012:key/0f3c5e7a-1b2d-4c6e-8f0a-1b2c3d4e5f60"),
        ),
    )
    iam.Role(stack, "Operator", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    boundary.apply_to(stack)

    resources = Template.from_stack(stack).to_json()["Resources"]
    policy_id, policy = next((rid, r) for rid, r in resources.items() if r["Type"] == "AWS::IAM::ManagedPolicy")
    by_sid = {st["Sid"]: st for st in policy["Properties"]["PolicyDocument"]["Statement"] if "Sid" in st}
    own_arn = {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::123456789012:policy/paved-road-boundary"]]}

    # Changing a role that lacks this boundary (attach, trust policy, ...) is denied.
    unbounded = by_sid["UnboundedPrincipals"]
    assert unbounded["Effect"] == "Deny"
    assert {"iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreateRole"} <= set(unbounded["Action"])
    assert unbounded["Condition"] == {"StringNotEquals": {"iam:PermissionsBoundary": own_arn}}
    # Setting any boundary, user credentials, identity providers: denied outright.
    assert {"iam:*PermissionsBoundary", "iam:CreateAccessKey", "iam:UpdateSAMLProvider"} <= set(by_sid["Escapes"]["Action"])
    # The CDK bootstrap roles may be neither assumed nor passed, and stack updates must name a service role.
    assert by_sid["UnboundedRoles"]["Action"] == ["sts:AssumeRole", "iam:PassRole"]
    assert by_sid["UnboundedRoles"]["Resource"] == {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::*:role/cdk-*"]]}
    assert by_sid["StacksWithoutServiceRole"]["Condition"] == {"Null": {"cloudformation:RoleArn": "true"}}
    # The boundary's own stack, by its id, and the protected stack and stack set.
    assert by_sid["ProtectedStacks"]["Resource"][0] == {"Ref": "AWS::StackId"}
    assert len(by_sid["ProtectedStacks"]["Resource"]) == 3
    # The trail's destinations: bucket, objects, log group (and its streams), key.
    assert len(by_sid["TrailDestinations"]["Resource"]) == 5
    # Global services stay usable outside the allowed region.
    assert by_sid["OutsideAllowedRegions"]["NotAction"] == PermissionsBoundary.REGION_DENY_EXEMPTIONS
    assert "acm:*" in PermissionsBoundary.REGION_DENY_EXEMPTIONS
    # A role in the boundary's own stack is created after the policy.
    role = next(r for rid, r in resources.items() if rid.startswith("Operator") and r["Type"] == "AWS::IAM::Role")
    assert policy_id in role["DependsOn"]


def test_region_exemptions_need_allowed_regions():
    stack = cdk.Stack(cdk.App(), "Platform")
    with pytest.raises(Exception, match="`regionDenyExemptions` has no effect without `allowedRegions`"):
        PermissionsBoundary(stack, "Boundary", services=["s3"], region_deny_exemptions=["bedrock"])


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
