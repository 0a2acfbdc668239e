"""The app layering, where import-linter is blind.

``lint-imports`` checks Python imports against the layers of pyproject.toml
(``[tool.importlinter]``). A lower app can still depend on a higher one without importing
it: its templates name the higher app's URLs or include its templates, a model relation
string (``"app.Model"``) points at the higher app's table, a Python string ``"ns:view"``
reverses the higher app's URL. This test reads the same layers and reports each such
dependency with its file and line. Templates outside an app's folder (``base.html``,
``partials/``, ``account/``, the error pages…) are the site shell: they sit with core, at
the bottom, and reach the apps above through the registries (``core.navigation``).
"""

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import get_resolver

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "mentor"

# Template folders (or files) that belong to no app of their own name: the shell (the core
# layer) and the few that render an app's pages under a library's folder name. The longest
# matching prefix wins.
SHELL = "core"
TEMPLATE_FOLDER_OWNERS = {
    "partials": SHELL,
    "account": SHELL,  # allauth's pages, dressed by the shell
    "allauth": SHELL,  # allauth's elements, dressed as DSFR
    # ...but its account-management pages (e-mail, password, 2FA) are the profile's.
    "allauth/layouts/manage.html": "accounts",
    "socialaccount": SHELL,
    "admin": SHELL,
    "admin/accounts": "accounts",
    "proconnect": "accounts",  # mentor/accounts/proconnect
}


# --- the layers ---------------------------------------------------------------------------


def read_layers(pyproject: Path = ROOT / "pyproject.toml") -> list[list[str]]:
    """The layers of the import-linter ``layers`` contract, top first: each a list of app
    names (``"a | b"`` are siblings, ``"(a)"`` an optional layer)."""
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    layers = []
    for layer in contract["layers"]:
        names = layer.strip().strip("()").replace(":", "|").split("|")
        layers.append([name.strip().removeprefix(f"{PACKAGE}.") for name in names])
    return layers


def layer_ranks(layers: list[list[str]]) -> dict[str, int]:
    """App name -> rank, 0 at the bottom (core)."""
    return {app: len(layers) - 1 - index for index, layer in enumerate(layers) for app in layer}


@dataclass(frozen=True, order=True)
class Violation:
    where: str  # path:line
    owner: str
    target: str
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.owner} (lower) {self.what} of {self.target} (higher)"


def is_above(target: str, owner: str, ranks: dict[str, int]) -> bool:
    return target in ranks and owner in ranks and ranks[target] > ranks[owner]


# --- templates ----------------------------------------------------------------------------

URL_TAG = re.compile(r"""{%-?\s*url\s+(['"])(?P<name>[\w-]+:[\w:-]+)\1""")
VERBS = {"include": "includes", "extends": "extends"}
TEMPLATE_TAG = re.compile(r"""{%-?\s*(?P<tag>include|extends)\s+(['"])(?P<name>[^'"]+)\2""")


def template_owner(relative: str, apps: set[str]) -> str | None:
    """The app a template belongs to, from its path under templates/ (``None``: unknown)."""
    for prefix in sorted(TEMPLATE_FOLDER_OWNERS, key=len, reverse=True):
        if relative == prefix or relative.startswith(f"{prefix}/"):
            return TEMPLATE_FOLDER_OWNERS[prefix]
    parts = relative.split("/")
    if len(parts) == 1:
        return SHELL  # base.html, the error pages
    return parts[0] if parts[0] in apps else None


def template_violations(
    templates: dict[str, str], ranks: dict[str, int], namespaces: dict[str, str]
) -> list[Violation]:
    """``templates``: path under templates/ -> source; ``namespaces``: URL namespace -> app."""
    apps = set(ranks)
    found = []
    for relative, source in sorted(templates.items()):
        owner = template_owner(relative, apps)
        for lineno, line in enumerate(source.splitlines(), start=1):
            where = f"templates/{relative}:{lineno}"
            for match in URL_TAG.finditer(line):
                name = match["name"]
                target = namespaces.get(name.split(":")[0])
                if target and is_above(target, owner, ranks):
                    found.append(Violation(where, owner, target, f"names the URL {name}"))
            for match in TEMPLATE_TAG.finditer(line):
                name = match["name"]
                target = template_owner(name, apps)
                if target and is_above(target, owner, ranks):
                    found.append(Violation(where, owner, target, f"{VERBS[match['tag']]} {name}"))
    return found


# --- Python -------------------------------------------------------------------------------

RELATION_FIELDS = {"ForeignKey", "OneToOneField", "ManyToManyField"}
MODEL_STRING = re.compile(r"^(?P<label>\w+)\.(?P<model>[A-Z]\w*)$")
URL_NAME = re.compile(r"^(?P<namespace>\w+):(?P<view>[\w-]+)$")


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def python_violations(
    sources: dict[str, str],
    ranks: dict[str, int],
    namespaces: dict[str, set[str]] | dict[str, str],
    url_names: set[str],
) -> list[Violation]:
    """``sources``: path (``mentor/<app>/…``) -> source; ``namespaces``: URL namespace ->
    app; ``url_names``: every ``ns:view`` that reverses. Reports relation strings and
    ``get_model`` calls naming a higher app's model, and strings naming a higher app's URL."""
    found = []
    for path, source in sorted(sources.items()):
        owner = path.split("/")[1]
        tree = ast.parse(source, filename=path)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                _call_name(node) in RELATION_FIELDS or _call_name(node) == "get_model"
            ):
                args = list(node.args) + [k.value for k in node.keywords if k.arg == "to"]
                strings = [a.value for a in args if isinstance(a, ast.Constant)]
                strings = [s for s in strings if isinstance(s, str)]
                if _call_name(node) == "get_model" and len(strings) == 2:
                    strings = [".".join(strings)]
                for value in strings:
                    match = MODEL_STRING.match(value)
                    if match and is_above(match["label"], owner, ranks):
                        found.append(
                            Violation(
                                f"{path}:{node.lineno}",
                                owner,
                                match["label"],
                                f"relates to {value}",
                            )
                        )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = URL_NAME.match(node.value)
                if match and node.value in url_names:
                    target = namespaces.get(match["namespace"])
                    if target and is_above(target, owner, ranks):
                        found.append(
                            Violation(
                                f"{path}:{node.lineno}",
                                owner,
                                target,
                                f"names the URL {node.value}",
                            )
                        )
    return found


# --- the project's own files --------------------------------------------------------------


def project_namespaces() -> tuple[dict[str, str], set[str]]:
    """URL namespace -> owning app, and every ``ns:view`` name, from the root URLconf."""
    namespaces, names = {}, set()
    for namespace, (_prefix, resolver) in get_resolver().namespace_dict.items():
        module = resolver.urlconf_name
        module = module if isinstance(module, str) else getattr(module, "__name__", "")
        parts = module.split(".")
        if parts[0] == PACKAGE and len(parts) > 1:
            namespaces[namespace] = parts[1]
        names.update(
            f"{namespace}:{key}" for key in resolver.reverse_dict.keys() if isinstance(key, str)
        )
    return namespaces, names


def project_templates() -> dict[str, str]:
    base = ROOT / "templates"
    return {
        path.relative_to(base).as_posix(): path.read_text()
        for path in base.rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml", ".js"}
    }


def project_python() -> dict[str, str]:
    sources = {}
    for path in (ROOT / PACKAGE).glob("*/**/*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/migrations/" in relative:
            continue  # history: a migration keeps the state it was written against
        sources[relative] = path.read_text()
    return sources


def _report(violations: list[Violation]) -> str:
    return "Lower apps depend on higher ones:\n" + "\n".join(map(str, sorted(violations)))


def test_every_template_folder_has_an_owner():
    apps = set(layer_ranks(read_layers()))
    unknown = {
        relative.split("/")[0]
        for relative in project_templates()
        if template_owner(relative, apps) is None
    }
    assert not unknown, f"templates/ folders owned by no app (add them to the map): {unknown}"


def test_templates_only_reach_down():
    namespaces, _names = project_namespaces()
    violations = template_violations(project_templates(), layer_ranks(read_layers()), namespaces)
    assert not violations, _report(violations)


def test_python_strings_only_reach_down():
    namespaces, names = project_namespaces()
    violations = python_violations(project_python(), layer_ranks(read_layers()), namespaces, names)
    assert not violations, _report(violations)


# --- the checker itself, on a small synthetic project -------------------------------------

LAYERS = [["top"], ["left", "right"], ["middle"], ["core"]]


def test_layers_are_read_top_first(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.importlinter]\nroot_package = 'mentor'\n"
        "[[tool.importlinter.contracts]]\nname = 'x'\ntype = 'layers'\n"
        "layers = ['mentor.top', '(mentor.left | mentor.right)', 'mentor.middle', 'mentor.core']\n"
    )
    assert read_layers(pyproject) == LAYERS
    assert layer_ranks(LAYERS) == {"top": 3, "left": 2, "right": 2, "middle": 1, "core": 0}


def test_the_checker_reports_templates_reaching_up():
    ranks = layer_ranks(LAYERS)
    namespaces = {"top": "top", "left": "left", "middle": "middle", "core": "core"}
    templates = {
        "base.html": '<a href="{% url \'core:index\' %}">ok</a>\n{% url "top:index" as x %}',
        "partials/header.html": "{% include 'left/_menu.html' %}",
        "middle/page.html": "{% extends 'base.html' %}\n\n{% include \"middle/_part.html\" %}",
        "middle/other.html": "{% extends 'left/base.html' %}",
        "left/page.html": "{% url 'middle:index' %} {% url 'top:x' %} {% include part.template %}",
        "right/page.html": "{% url 'left:index' %}",  # siblings: not above
    }
    found = template_violations(templates, ranks, namespaces)
    assert [str(v) for v in sorted(found)] == [
        "templates/base.html:2: core (lower) names the URL top:index of top (higher)",
        "templates/left/page.html:1: left (lower) names the URL top:x of top (higher)",
        "templates/middle/other.html:1: middle (lower) extends left/base.html of left (higher)",
        "templates/partials/header.html:1: core (lower) includes left/_menu.html of left (higher)",
    ]


def test_the_checker_reports_python_reaching_up():
    ranks = layer_ranks(LAYERS)
    namespaces = {"top": "top", "middle": "middle"}
    names = {"top:index", "middle:index"}
    sources = {
        "mentor/middle/models.py": (
            "from django.db import models\n"
            "class A(models.Model):\n"
            "    b = models.ForeignKey('core.B', on_delete=models.CASCADE)\n"
            "    c = models.OneToOneField(to='top.C', on_delete=models.CASCADE)\n"
            "    d = models.ManyToManyField('left.D')\n"
        ),
        "mentor/middle/views.py": (
            "URL = 'top:index'\n"
            "OTHER = 'middle:index'\n"
            "TIME = 'top:unknown'\n"  # not a URL name: a string like any other
            "def f(apps):\n"
            "    return apps.get_model('top', 'C')\n"
        ),
        "mentor/top/views.py": "URL = 'middle:index'\nM = models.ForeignKey('middle.A')\n",
    }
    found = python_violations(sources, ranks, namespaces, names)
    assert [str(v) for v in sorted(found)] == [
        "mentor/middle/models.py:4: middle (lower) relates to top.C of top (higher)",
        "mentor/middle/models.py:5: middle (lower) relates to left.D of left (higher)",
        "mentor/middle/views.py:1: middle (lower) names the URL top:index of top (higher)",
        "mentor/middle/views.py:5: middle (lower) relates to top.C of top (higher)",
    ]


@pytest.mark.parametrize("owner", ["core", "middle"])
def test_a_violation_fails_the_test(owner):
    ranks = layer_ranks(LAYERS)
    found = template_violations({f"{owner}/x.html": "{% url 'top:index' %}"}, ranks, {"top": "top"})
    assert len(found) == 1
    with pytest.raises(AssertionError, match=rf"templates/{owner}/x.html:1"):
        assert not found, _report(found)
