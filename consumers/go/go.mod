// A Go consumer of the library as Go users get it: the module jsii-pacmak
// builds into dist/go (`npx projen package:go`), with aws-cdk-go and the
// jsii runtime from the Go module proxy at the versions that module requires.
// `consumers/run.sh go` builds and runs it in a scratch folder, with the
// replace pointing at dist/go.
module github.com/cdk-paved-road/cdk-paved-road-go/consumer

go 1.25

require github.com/cdk-paved-road/cdk-paved-road-go/cdkpavedroad v0.0.0

replace github.com/cdk-paved-road/cdk-paved-road-go/cdkpavedroad => ../../dist/go/cdkpavedroad
