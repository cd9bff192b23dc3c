"""Every Python example in the README runs against the installed wheel, so the
Python half of the docs cannot rot (the TypeScript half is compiled by
jsii-rosetta in CI)."""
import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"
SNIPPETS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_the_readme_has_python_examples():
    assert len(SNIPPETS) >= 1


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[f"snippet{i}" for i in range(len(SNIPPETS))])
def test_readme_python_example_runs(snippet):
    namespace = {}
    exec(compile(snippet, str(README), "exec"), namespace)
    # Each example builds an app; synthesizing it proves the wiring is valid.
    app = namespace.get("app")
    assert app is not None, "README Python examples define `app`"
    assembly = app.synth()
    assert len(assembly.stacks) >= 1
