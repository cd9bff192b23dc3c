"""ApiDomain and SecureRestApi used from Python through the jsii bindings,
against the real aws-cdk-lib from PyPI."""
import aws_cdk as cdk
import aws_cdk.aws_apigateway as apigw
import aws_cdk.aws_iam as iam
import aws_cdk.aws_route53 as route53
import pytest
from aws_cdk.assertions import Match, Template

from cdk_paved_road import ApiAuthorization, ApiClientCertificate, ApiDomain, ApiFirewall, ApiGatewayAccountLogging, SecureRestApi

CONSUMERS = ["orders", "users", "billing"]


def three_apis_on_one_domain():
    app = cdk.App()
    stack = cdk.Stack(app, "Apis", env=cdk.Environment(account="123456789012", region="eu-west-1"))
    zone = route53.HostedZone.from_hosted_zone_attributes(stack, "Zone", hosted_zone_id="Z0123456789", zone_name="example.com")
    domain = ApiDomain(stack, "ApiDomain", domain_name="api.example.com", hosted_zone=zone)
    apis = []
    for consumer in CONSUMERS:
        api = SecureRestApi(stack, f"{consumer}Api", rest_api_name=consumer)
        api.root.add_resource("items").add_method("GET", apigw.MockIntegration())
        domain.add_rest_api(consumer, api)
        apis.append(api)
    return stack, domain, apis


def test_three_secure_rest_apis_on_one_domain():
    stack, domain, apis = three_apis_on_one_domain()
    template = Template.from_stack(stack)

    template.has_resource_properties(
        "AWS::ApiGateway::DomainName",
        {"DomainName": "api.example.com", "SecurityPolicy": "TLS_1_2", "EndpointConfiguration": {"Types": ["REGIONAL"]}},
    )
    template.has_resource_properties("AWS::CertificateManager::Certificate", {"ValidationMethod": "DNS"})
    template.resource_count_is("AWS::Route53::RecordSet", 2)
    mappings = template.find_resources("AWS::ApiGateway::BasePathMapping")
    assert sorted(m["Properties"]["BasePath"] for m in mappings.values()) == sorted(CONSUMERS)

    # Mapped SecureRestApis answer on the domain only.
    rest_apis = template.find_resources("AWS::ApiGateway::RestApi")
    assert [api["Properties"]["DisableExecuteApiEndpoint"] for api in rest_apis.values()] == [True] * 3

    # The hardened stage: tracing, ERROR logging without data tracing, throttling, no response cache.
    template.has_resource_properties("AWS::ApiGateway::Stage", {
        "TracingEnabled": True,
        "CacheClusterEnabled": False,
        "MethodSettings": [Match.object_like({
            "HttpMethod": "*", "ResourcePath": "/*", "LoggingLevel": "ERROR", "DataTraceEnabled": False,
            "CachingEnabled": False, "ThrottlingRateLimit": 1000,
        })],
    })
    template.resource_count_is("AWS::WAFv2::WebACL", 3)
    template.resource_count_is("AWS::WAFv2::WebACLAssociation", 3)
    # The account setting is the platform's (ApiGatewayAccountLogging), not each API stack's.
    template.resource_count_is("AWS::ApiGateway::Account", 0)
    template.has_resource_properties("AWS::ApiGateway::Method", {"AuthorizationType": "AWS_IAM"})

    assert domain.url == "https://api.example.com"
    assert all(api.web_acl is not None for api in apis)


def test_iam_methods_carry_the_cog4_acknowledgment_for_cdk_nag():
    stack, _, _ = three_apis_on_one_domain()
    methods = Template.from_stack(stack).find_resources("AWS::ApiGateway::Method")
    assert len(methods) == 3
    for method in methods.values():
        rules = method["Metadata"]["cdk_nag"]["rules_to_suppress"]
        assert [rule["id"] for rule in rules] == ["AwsSolutions-COG4"]


def test_options_from_python():
    app = cdk.App()
    stack = cdk.Stack(app, "Apis")
    api = SecureRestApi(stack, "Orders",
        execution_logging_level=apigw.MethodLoggingLevel.INFO,
        cache_ttl=cdk.Duration.minutes(5),
        firewall=ApiFirewall.managed_rules(requests_per_ip_per5_minutes=500),
    )
    health = api.root.add_resource("health").add_method("GET", apigw.MockIntegration(), authorization_type=apigw.AuthorizationType.NONE)
    api.allow_unauthenticated(health, "Load balancer health checks cannot sign requests.")
    items = api.root.add_resource("items").add_method("GET", apigw.MockIntegration())
    role = iam.Role(stack, "Caller", assumed_by=iam.AccountRootPrincipal())
    api.grant_execute(role, items)

    template = Template.from_stack(stack)
    template.has_resource_properties("AWS::ApiGateway::Method", {"HttpMethod": "GET", "AuthorizationType": "NONE"})
    template.has_resource_properties("AWS::IAM::ManagedPolicy", {
        "PolicyDocument": {"Statement": [Match.object_like({"Action": "execute-api:Invoke"})]},
    })
    acl = next(iter(template.find_resources("AWS::WAFv2::WebACL").values()))
    assert acl["Properties"]["Rules"][3]["Statement"]["RateBasedStatement"]["Limit"] == 500


def test_unauthorized_method_is_a_synth_error():
    app = cdk.App()
    stack = cdk.Stack(app, "Apis")
    api = SecureRestApi(stack, "Orders", authorization=ApiAuthorization.iam())
    api.root.add_method("DELETE", apigw.MockIntegration(), authorization_type=apigw.AuthorizationType.NONE)
    with pytest.raises(Exception, match="Method DELETE / has no authorization"):
        app.synth()


def test_duplicate_and_root_base_paths_are_clear_errors():
    stack, domain, apis = three_apis_on_one_domain()
    with pytest.raises(Exception, match=r"`basePath` 'orders' is already mapped on api.example.com \(to Apis/ordersApi\)"):
        domain.add_rest_api("orders", apis[1])
    with pytest.raises(Exception, match=r"The root `basePath` '/' cannot be added to api.example.com, which already maps"):
        domain.add_rest_api("/", apis[2])


def test_a_get_caches_its_responses_keyed_by_its_parameters():
    stack = cdk.Stack(cdk.App(), "Cache")
    api = SecureRestApi(stack, "Catalogue")
    item = api.root.add_resource("items").add_resource("{itemId}").add_method("GET", apigw.MockIntegration())
    api.root.add_resource("me").add_method("GET", apigw.MockIntegration())
    api.cache_responses(item, ttl=cdk.Duration.minutes(5), cache_key_parameters=["method.request.header.Accept-Language"])

    template = Template.from_stack(stack)
    (stage,) = template.find_resources("AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["CacheClusterEnabled"] is True
    settings = {(s["HttpMethod"], s["ResourcePath"]): s for s in stage["Properties"]["MethodSettings"]}
    assert settings[("*", "/*")]["CachingEnabled"] is False
    assert settings[("GET", "/~1items~1{itemId}")]["CachingEnabled"] is True
    assert settings[("GET", "/~1items~1{itemId}")]["CacheTtlInSeconds"] == 300
    # The method keeps the stage-wide logging and throttling.
    assert settings[("GET", "/~1items~1{itemId}")]["LoggingLevel"] == "ERROR"
    assert ("GET", "/~1me") not in settings
    keys = [m["Properties"]["Integration"].get("CacheKeyParameters")
            for m in template.find_resources("AWS::ApiGateway::Method").values()]
    assert ["method.request.path.itemId", "method.request.header.Accept-Language"] in keys


def test_cache_responses_refuses_a_post():
    stack = cdk.Stack(cdk.App(), "Cache")
    api = SecureRestApi(stack, "Catalogue")
    post = api.root.add_method("POST", apigw.MockIntegration())
    with pytest.raises(Exception, match=r"`cacheResponses\(\)` caches GET methods only"):
        api.cache_responses(post)


def test_apis_in_several_stacks_share_the_platform_stacks_account_logging():
    app = cdk.App()
    env = cdk.Environment(account="123456789012", region="eu-west-1")
    api_stacks = []
    for name in ["Orders", "Users"]:
        stack = cdk.Stack(app, f"{name}Stack", env=env)
        SecureRestApi(stack, name).root.add_method("GET", apigw.MockIntegration())
        api_stacks.append(stack)
    platform = cdk.Stack(app, "Platform", env=env)
    logging = ApiGatewayAccountLogging(platform, "ApiGatewayLogging")

    assembly = app.synth()
    accounts = [r for s in assembly.stacks for r in s.template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Account"]
    assert len(accounts) == 1
    assert all(stack.dependencies == [platform] for stack in api_stacks)
    assert ApiGatewayAccountLogging.find_in_app(api_stacks[0]) is logging
    with pytest.raises(Exception, match="already sets API Gateway's CloudWatch role for account 123456789012 in eu-west-1"):
        ApiGatewayAccountLogging(cdk.Stack(app, "Team", env=env), "ApiGatewayLogging")


def test_client_certificates_are_opt_in_and_can_be_shared():
    stack = cdk.Stack(cdk.App(), "Apis")
    plain = SecureRestApi(stack, "Plain")
    plain.root.add_method("GET", apigw.MockIntegration())
    owner = SecureRestApi(stack, "Owner", client_certificate=ApiClientCertificate.per_api())
    owner.root.add_method("GET", apigw.MockIntegration())
    sharer = SecureRestApi(stack, "Sharer", client_certificate=ApiClientCertificate.from_client_certificate_id(owner.client_certificate_id))
    sharer.root.add_method("GET", apigw.MockIntegration())
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGateway::ClientCertificate", 1)
    assert plain.client_certificate_id is None
    stages = template.find_resources("AWS::ApiGateway::Stage")
    assert sorted("ClientCertificateId" in stage["Properties"] for stage in stages.values()) == [False, True, True]
