#!/usr/bin/env bash
# Builds the Python wheel with jsii-pacmak, installs it into a fresh virtualenv
# together with aws-cdk-lib and constructs from PyPI, and runs the pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV=".venv-test"
CDK_VERSION="$(node -p "require('./package.json').devDependencies['aws-cdk-lib']")"
CONSTRUCTS_VERSION="$(node -p "require('./package.json').devDependencies['constructs']")"

echo "== jsii compile and jsii-pacmak (python)"
npx projen compile
rm -rf dist/python
npx jsii-pacmak --target python --outdir dist
wheel="$(ls dist/python/cdk_paved_road-*.whl)"
# The wheel carries the npm package (and the bundled IAM service reference,
# about 15 MB); anything much larger means local files leaked into the package.
wheel_bytes="$(stat -c %s "$wheel")"
echo "wheel size: $((wheel_bytes / 1024)) KiB"
if [ "$wheel_bytes" -gt $((40 * 1024 * 1024)) ]; then
  echo "error: ${wheel} is larger than 40 MiB; check .npmignore (projen addPackageIgnore)" >&2
  exit 1
fi

echo "== fresh virtualenv with ${wheel}, aws-cdk-lib==${CDK_VERSION}, constructs==${CONSTRUCTS_VERSION}"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install --quiet --disable-pip-version-check \
  "$wheel" "aws-cdk-lib==${CDK_VERSION}" "constructs==${CONSTRUCTS_VERSION}" "pytest>=8,<9"

echo "== pytest"
# Run from outside the repository so that `import cdk_paved_road` can only mean the installed wheel.
cd test-python
"../$VENV/bin/python" -m pytest -p no:cacheprovider "$@"
