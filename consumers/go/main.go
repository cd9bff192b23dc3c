// Builds an app with several of the library's constructs as a Go user would,
// synthesizes it and checks the template. A failed check panics, and the
// process exits non-zero.
package main

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigateway"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/cxapi"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-paved-road/cdk-paved-road-go/cdkpavedroad"
)

func main() {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("GoConsumer"), nil)

	cdkpavedroad.NewThreeTierVpc(stack, jsii.String("Network"), &cdkpavedroad.ThreeTierVpcProps{
		MaxAzs:      jsii.Number(2),
		NatGateways: jsii.Number(1),
	})
	cdkpavedroad.NewReplicatedBucket(stack, jsii.String("Uploads"), nil)
	cdkpavedroad.NewApiGatewayAccountLogging(stack, jsii.String("ApiGatewayLogging"), nil)
	orders := cdkpavedroad.NewSecureRestApi(stack, jsii.String("Orders"), nil)
	orders.Root().AddResource(jsii.String("items"), nil).AddMethod(jsii.String("GET"), awsapigateway.NewMockIntegration(nil), nil)
	domain := cdkpavedroad.NewApiDomain(stack, jsii.String("Domain"), &cdkpavedroad.ApiDomainProps{
		DomainName: jsii.String("api.example.com"),
		Certificate: awscertificatemanager.Certificate_FromCertificateArn(stack, jsii.String("Certificate"),
			jsii.String("arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000")),
	})
	domain.AddRestApi(jsii.String("orders"), orders, nil)
	// The service reference is read from inside the Go module's embedded package.
	awscdk.Aspects_Of(app).Add(cdkpavedroad.NewLeastPrivilegeChecks(nil), nil)

	template := assertions.Template_FromStack(stack, nil)
	template.ResourceCountIs(jsii.String("AWS::EC2::VPC"), jsii.Number(1))
	template.ResourceCountIs(jsii.String("AWS::EC2::Subnet"), jsii.Number(6))
	template.ResourceCountIs(jsii.String("AWS::EC2::NatGateway"), jsii.Number(1))
	template.ResourceCountIs(jsii.String("AWS::EC2::NetworkAcl"), jsii.Number(3))
	template.HasResourceProperties(jsii.String("AWS::S3::Bucket"), map[string]interface{}{
		"VersioningConfiguration":  map[string]interface{}{"Status": "Enabled"},
		"ReplicationConfiguration": assertions.Match_ObjectLike(&map[string]interface{}{"Rules": assertions.Match_AnyValue()}),
	})
	template.ResourceCountIs(jsii.String("AWS::ApiGateway::RestApi"), jsii.Number(1))
	template.HasResourceProperties(jsii.String("AWS::ApiGateway::BasePathMapping"), map[string]interface{}{"BasePath": "orders"})
	template.HasResourceProperties(jsii.String("AWS::WAFv2::WebACL"), map[string]interface{}{"Scope": "REGIONAL"})
	// LeastPrivilegeChecks reports a finding as an error annotation.
	for _, message := range *app.Synth(nil).GetStackByName(jsii.String("GoConsumer")).Messages() {
		if message.Level == cxapi.SynthesisMessageLevel_ERROR {
			panic(fmt.Sprintf("Synth error at %s: %v", *message.Id, message.Entry.Data))
		}
	}
	fmt.Println("Go consumer: GoConsumer synthesized and checked.")
}
