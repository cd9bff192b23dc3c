"""ReplicatedBucket and ReplicaBucket used from Python through the jsii
bindings, against the real aws-cdk-lib from PyPI."""
import re

import aws_cdk as cdk
import aws_cdk.aws_kms as kms
import aws_cdk.aws_s3 as s3
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import ReplicaBucket, ReplicatedBucket, ReplicatedBucketEncryption, ReplicationDestination

ACCOUNT = "111111111111"


def replication_rules(template):
    buckets = template.find_resources(
        "AWS::S3::Bucket", {"Properties": {"ReplicationConfiguration": Match.any_value()}}
    )
    assert len(buckets) == 1
    return list(buckets.values())[0]["Properties"]["ReplicationConfiguration"]["Rules"]


def test_default_replicates_to_a_same_region_replica():
    app = cdk.App()
    stack = cdk.Stack(app, "Source")
    uploads = ReplicatedBucket(stack, "Uploads")
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::S3::Bucket", 3)
    rules = replication_rules(template)
    assert rules[0]["DeleteMarkerReplication"] == {"Status": "Enabled"}
    assert rules[0]["SourceSelectionCriteria"]["SseKmsEncryptedObjects"] == {"Status": "Enabled"}
    assert uploads.default_replica is not None
    assert uploads.encryption_key is not None


def test_cross_region_replica_bucket_from_python():
    app = cdk.App()
    replica_stack = cdk.Stack(app, "Replica", env=cdk.Environment(account=ACCOUNT, region="us-west-2"))
    replica = ReplicaBucket(replica_stack, "UploadsReplica")
    source_stack = cdk.Stack(
        app, "Source", env=cdk.Environment(account=ACCOUNT, region="us-east-1"), cross_region_references=True
    )
    uploads = ReplicatedBucket(
        source_stack,
        "Uploads",
        destinations=[ReplicationDestination(bucket=replica.bucket, prefix="uploads/")],
    )
    template = Template.from_stack(source_stack)
    rule = replication_rules(template)[0]
    assert rule["Filter"] == {"Prefix": "uploads/"}
    assert rule["Destination"]["ReplicationTime"] == {"Status": "Enabled", "Time": {"Minutes": 15}}
    template.resource_count_is("AWS::CloudWatch::Alarm", 2)
    assert len(uploads.alarms) == 2
    # The whole app synthesizes, the replica region's stack included.
    assembly = app.synth()
    assert {s.stack_name for s in assembly.stacks} == {"Replica", "Source"}


def test_cross_account_hands_ownership_to_the_destination():
    app = cdk.App()
    stack = cdk.Stack(app, "Source", env=cdk.Environment(account=ACCOUNT, region="us-east-1"))
    key_arn = "arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    uploads = ReplicatedBucket(
        stack,
        "Uploads",
        destinations=[
            ReplicationDestination(
                bucket=s3.Bucket.from_bucket_arn(stack, "Theirs", "arn:aws:s3:::their-replica"),
                encryption_key=kms.Key.from_key_arn(stack, "TheirKey", key_arn),
                account="222222222222",
            )
        ],
    )
    destination = replication_rules(Template.from_stack(stack))[0]["Destination"]
    assert destination["Account"] == "222222222222"
    assert destination["AccessControlTranslation"] == {"Owner": "Destination"}
    policies = uploads.destination_policies(0)
    assert "ReplicateObjectsFromSourceAccount" in str(stack.resolve(policies.bucket_policy.to_json()))


def test_sse_s3_option():
    app = cdk.App()
    stack = cdk.Stack(app, "Source")
    uploads = ReplicatedBucket(stack, "Uploads", encryption=ReplicatedBucketEncryption.S3_MANAGED)
    assert uploads.encryption_key is None


def test_kms_source_without_destination_key_is_a_clear_error():
    app = cdk.App()
    stack = cdk.Stack(app, "Source")
    with pytest.raises(Exception, match=re.escape("`destinations[0].encryptionKey` is required")):
        ReplicatedBucket(
            stack,
            "Uploads",
            destinations=[ReplicationDestination(bucket=s3.Bucket.from_bucket_name(stack, "Other", "other-bucket"))],
        )
    assert stack.node.try_find_child("Uploads") is None


def test_grant_read_write_writes_a_customer_managed_policy_for_a_key_prefix():
    import aws_cdk.aws_iam as iam

    stack = cdk.Stack(cdk.App(), "Grants")
    uploads = ReplicatedBucket(stack, "Uploads")
    role = iam.Role(stack, "Handler", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    uploads.grant_read_write(role, "uploads/*")

    template = Template.from_stack(stack)
    template.resource_count_is("AWS::IAM::Policy", 0)
    statements = [
        statement
        for policy in template.find_resources("AWS::IAM::ManagedPolicy").values()
        if policy["Properties"].get("Roles") == [{"Ref": stack.get_logical_id(role.node.default_child)}]
        for statement in policy["Properties"]["PolicyDocument"]["Statement"]
    ]
    object_actions = statements[0]["Action"]
    assert "s3:PutObject" in object_actions and "s3:DeleteObjectVersion" not in object_actions
    assert statements[0]["Resource"]["Fn::Join"][1][-1] == "/uploads/*"

    with pytest.raises(Exception, match=r"`objectsKeyPattern` must be an object key or key pattern without a leading '/'"):
        uploads.grant_read(role, "/uploads/*")


def test_a_tag_filter_turns_delete_marker_replication_off_and_refuses_it_on():
    stack = cdk.Stack(cdk.App(), "Source")
    replica = ReplicaBucket(stack, "Replica")
    ReplicatedBucket(stack, "Uploads", destinations=[ReplicationDestination(bucket=replica.bucket, tag_filter={"retain": "yes"})])
    assert replication_rules(Template.from_stack(stack))[0]["DeleteMarkerReplication"] == {"Status": "Disabled"}
    with pytest.raises(Exception, match=re.escape("`destinations[0].deleteMarkerReplication` must be false with a `tagFilter`, got: true.")):
        ReplicatedBucket(stack, "Again", destinations=[
            ReplicationDestination(bucket=replica.bucket, tag_filter={"retain": "yes"}, delete_marker_replication=True),
        ])
