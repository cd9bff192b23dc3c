#!/usr/bin/env bash
# Uses the library the way each language's users get it, and fails on any
# failed check: `bash consumers/run.sh [npm] [java] [go]` (all three by
# default). Each consumer builds an app with a ThreeTierVpc, a
# ReplicatedBucket and a SecureRestApi on an ApiDomain, synthesizes it and
# checks the template.
#
# - npm: the packed tarball (npm pack), installed with aws-cdk-lib into a
#   scratch folder, so what is tested is what users install;
# - java: the jar `npx projen package:java` writes into dist/java (a local
#   Maven repository), with aws-cdk-lib from Maven Central;
# - go: the module `npx projen package:go` writes into dist/go, with
#   aws-cdk-go from the Go module proxy.
#
# Maven and Go keep their downloads in ~/.m2 and the Go module cache, so a
# second run on the same machine downloads nothing; a cold run fetches them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
CDK_VERSION="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
CONSTRUCTS_VERSION="$(node -p "require('./package.json').devDependencies['constructs']")"
LIBRARY_VERSION="$(node -p "require('./package.json').version")"
LANGUAGES=("$@")
[ ${#LANGUAGES[@]} -eq 0 ] && LANGUAGES=(npm java go)

npm_consumer() {
  echo "== npm consumer: the packed tarball, with aws-cdk-lib ${CDK_VERSION}"
  local scratch
  scratch="$(mktemp -d)"
  npm pack --silent --pack-destination "$scratch" > /dev/null
  cp consumers/npm/consumer.mjs "$scratch/"
  (cd "$scratch" && npm init -y > /dev/null \
    && npm install --silent --no-audit --no-fund "./$(ls cdk-paved-road-*.tgz)" "aws-cdk-lib@${CDK_VERSION}" "constructs@${CONSTRUCTS_VERSION}" \
    && node consumer.mjs)
  rm -rf "$scratch"
}

java_consumer() {
  echo "== java consumer: dist/java, with aws-cdk-lib ${CDK_VERSION} from Maven Central"
  npx projen package:java
  # Maven keeps a release version it has resolved once, so the previous build
  # of this library would be used instead of the one just packaged.
  rm -rf "${HOME}/.m2/repository/dev/cdk-paved-road"
  (cd consumers/java && mvn -q -B -Dcdk.version="${CDK_VERSION}" -Dconstructs.version="${CONSTRUCTS_VERSION}" \
    -Dlibrary.version="${LIBRARY_VERSION}" compile exec:java)
}

go_consumer() {
  echo "== go consumer: dist/go, with aws-cdk-go from the Go module proxy at the version dist/go requires"
  npx projen package:go
  local scratch
  scratch="$(mktemp -d)"
  cp consumers/go/main.go consumers/go/go.mod "$scratch/"
  (cd "$scratch" \
    && go mod edit -replace="github.com/cdk-paved-road/cdk-paved-road-go/cdkpavedroad=${ROOT}/dist/go/cdkpavedroad" \
    && go mod tidy \
    && go build -o consumer . \
    && ./consumer)
  rm -rf "$scratch"
}

for language in "${LANGUAGES[@]}"; do
  "${language}_consumer"
done
