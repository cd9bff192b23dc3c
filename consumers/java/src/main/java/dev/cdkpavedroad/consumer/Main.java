package dev.cdkpavedroad.consumer;

import java.util.List;
import java.util.Map;

import dev.cdkpavedroad.ApiDomain;
import dev.cdkpavedroad.ApiGatewayAccountLogging;
import dev.cdkpavedroad.LeastPrivilegeChecks;
import dev.cdkpavedroad.ReplicatedBucket;
import dev.cdkpavedroad.SecureRestApi;
import dev.cdkpavedroad.ThreeTierVpc;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;
import software.amazon.awscdk.services.apigateway.MockIntegration;
import software.amazon.awscdk.services.certificatemanager.Certificate;

/**
 * Builds an app with several of the library's constructs as a Java user
 * would, synthesizes it and checks the template. Any failed check throws, and
 * the process exits non-zero.
 */
public final class Main {
    public static void main(final String[] args) {
        App app = new App();
        Stack stack = new Stack(app, "JavaConsumer");

        ThreeTierVpc network = ThreeTierVpc.Builder.create(stack, "Network").maxAzs(2).natGateways(1).build();
        ReplicatedBucket uploads = ReplicatedBucket.Builder.create(stack, "Uploads").build();
        ApiGatewayAccountLogging.Builder.create(stack, "ApiGatewayLogging").build();
        SecureRestApi orders = SecureRestApi.Builder.create(stack, "Orders").build();
        orders.getRoot().addResource("items").addMethod("GET", MockIntegration.Builder.create().build());
        ApiDomain domain = ApiDomain.Builder.create(stack, "Domain")
            .domainName("api.example.com")
            .certificate(Certificate.fromCertificateArn(stack, "Certificate",
                "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"))
            .build();
        domain.addRestApi("orders", orders);
        // The service reference is read from inside the jar's embedded package.
        Aspects.of(app).add(new LeastPrivilegeChecks());

        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::EC2::VPC", 1);
        template.resourceCountIs("AWS::EC2::Subnet", 6);
        template.resourceCountIs("AWS::EC2::NatGateway", 1);
        template.resourceCountIs("AWS::EC2::NetworkAcl", 3);
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
            "VersioningConfiguration", Map.of("Status", "Enabled"),
            "ReplicationConfiguration", Match.objectLike(Map.of("Rules", Match.anyValue()))));
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.hasResourceProperties("AWS::ApiGateway::BasePathMapping", Map.of("BasePath", "orders"));
        template.hasResourceProperties("AWS::WAFv2::WebACL", Map.of("Scope", "REGIONAL"));
        if (network.getVpc() == null || uploads.getReplicationRole() == null) {
            throw new IllegalStateException("The constructs' members are not reachable from Java.");
        }
        // LeastPrivilegeChecks reports a finding as an error annotation.
        for (SynthesisMessage message : app.synth().getStackByName("JavaConsumer").getMessages()) {
            if (message.getLevel() == SynthesisMessageLevel.ERROR) {
                throw new IllegalStateException("Synth error at " + message.getId() + ": " + message.getEntry().getData());
            }
        }
        System.out.println("Java consumer: " + List.of(stack.getStackName()) + " synthesized and checked.");
    }

    private Main() {
    }
}
