"""The app layering, where import-linter is blind.

``lint-imports`` checks Python imports against the layers of pyproject.toml
(``[tool.importlinter]``). A lower app can still depend on a higher one (or on an
independent sibling of its layer) without importing it: its templates name the higher app's
URLs or include its templates, a model relation string (``"app.Model"``) points at the
higher app's table, a Python string ``"ns:view"`` reverses the higher app's URL. This test reads the same layers and reports each such
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
    names (``"a | b"`` are independent siblings, ``"a : b"`` siblings that may depend on
    each other, ``"(a)"`` an optional layer)."""
    return [names for names, _independent in _contract_layers(pyproject)]


def _contract_layers(pyproject: Path) -> list[tuple[list[str], bool]]:
    config = tomllib.loads(pyproject.read_text())["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    layers = []
    for layer in contract["layers"]:
        text = layer.strip().strip("()")
        names = [n.strip().removeprefix(f"{PACKAGE}.") for n in text.replace(":", "|").split("|")]
        layers.append((names, ":" not in text))
    return layers


def layer_ranks(layers: list[list[str]]) -> dict[str, int]:
    """App name -> rank, 0 at the bottom (core)."""
    return {app: len(layers) - 1 - index for index, layer in enumerate(layers) for app in layer}


@dataclass(frozen=True)
class Layering:
    """Which app may depend on which: only on the layers below it, and not on an
    independent sibling (``"a | b"``)."""

    ranks: dict[str, int]
    independent: frozenset[str] = frozenset()

    @classmethod
    def read(cls, pyproject: Path = ROOT / "pyproject.toml") -> "Layering":
        layers = _contract_layers(pyproject)
        return cls(
            layer_ranks([names for names, _ in layers]),
            frozenset(
                app
                for names, independent in layers
                if independent and len(names) > 1
                for app in names
            ),
        )

    def relation(self, owner: str | None, target: str | None) -> str | None:
        """``"higher"`` or ``"sibling"`` when ``owner`` may not depend on ``target``."""
        ranks = self.ranks
        if owner not in ranks or target not in ranks or owner == target:
            return None
        if ranks[target] > ranks[owner]:
            return "higher"
        if ranks[target] == ranks[owner] and {owner, target} <= self.independent:
            return "sibling"
        return None


@dataclass(frozen=True, order=True)
class Violation:
    where: str  # path:line
    owner: str
    target: str
    what: str
    relation: str = "higher"

    def __str__(self) -> str:
        lower = "lower" if self.relation == "higher" else "sibling"
        return (
            f"{self.where}: {self.owner} ({lower}) {self.what} of {self.target} ({self.relation})"
        )


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
    templates: dict[str, str], layering: Layering, namespaces: dict[str, str]
) -> list[Violation]:
    """``templates``: path under templates/ -> source; ``namespaces``: URL namespace -> app."""
    apps = set(layering.ranks)
    found = []
    for relative, source in sorted(templates.items()):
        owner = template_owner(relative, apps)
        for lineno, line in enumerate(source.splitlines(), start=1):
            where = f"templates/{relative}:{lineno}"
            for match in URL_TAG.finditer(line):
                name = match["name"]
                target = namespaces.get(name.split(":")[0])
                if relation := layering.relation(owner, target):
                    found.append(Violation(where, owner, target, f"names the URL {name}", relation))
            for match in TEMPLATE_TAG.finditer(line):
                name = match["name"]
                target = template_owner(name, apps)
                if relation := layering.relation(owner, target):
                    what = f"{VERBS[match['tag']]} {name}"
                    found.append(Violation(where, owner, target, what, relation))
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
    layering: Layering,
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
                    relation = match and layering.relation(owner, match["label"])
                    if relation:
                        found.append(
                            Violation(
                                f"{path}:{node.lineno}",
                                owner,
                                match["label"],
                                f"relates to {value}",
                                relation,
                            )
                        )
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = URL_NAME.match(node.value)
                if match and node.value in url_names:
                    target = namespaces.get(match["namespace"])
                    if relation := layering.relation(owner, target):
                        found.append(
                            Violation(
                                f"{path}:{node.lineno}",
                                owner,
                                target,
                                f"names the URL {node.value}",
                                relation,
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


def test_every_app_has_a_layer():
    """An app left out of the layers is checked by neither ``lint-imports`` nor this file:
    it could import any app and be imported by any, and both would still say "kept"."""
    apps = {path.parent.name for path in (ROOT / PACKAGE).glob("*/apps.py")}
    assert apps - set(layer_ranks(read_layers())) == set()


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
    violations = template_violations(project_templates(), Layering.read(), namespaces)
    assert not violations, _report(violations)


def test_python_strings_only_reach_down():
    namespaces, names = project_namespaces()
    violations = python_violations(project_python(), Layering.read(), namespaces, names)
    assert not violations, _report(violations)


# --- the checker itself, on a small synthetic project -------------------------------------

LAYERS = [["top"], ["left", "right"], ["middle"], ["core"]]
LAYERING = Layering(layer_ranks(LAYERS), frozenset({"left", "right"}))


def test_layers_are_read_top_first(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.importlinter]\nroot_package = 'mentor'\n"
        "[[tool.importlinter.contracts]]\nname = 'x'\ntype = 'layers'\n"
        "layers = ['mentor.top', '(mentor.left | mentor.right)', 'mentor.middle', 'mentor.core']\n"
    )
    assert read_layers(pyproject) == LAYERS
    assert layer_ranks(LAYERS) == {"top": 3, "left": 2, "right": 2, "middle": 1, "core": 0}
    assert Layering.read(pyproject) == LAYERING


def test_siblings_joined_by_a_colon_may_depend_on_each_other(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        "[tool.importlinter]\nroot_package = 'mentor'\n"
        "[[tool.importlinter.contracts]]\nname = 'x'\ntype = 'layers'\n"
        "layers = ['mentor.a : mentor.b', 'mentor.c | mentor.d']\n"
    )
    layering = Layering.read(pyproject)
    assert layering.relation("a", "b") is None
    assert layering.relation("c", "d") == "sibling"
    assert layering.relation("c", "a") == "higher"


def test_the_checker_reports_templates_reaching_up():
    namespaces = {"top": "top", "left": "left", "middle": "middle", "core": "core"}
    templates = {
        "base.html": '<a href="{% url \'core:index\' %}">ok</a>\n{% url "top:index" as x %}',
        "partials/header.html": "{% include 'left/_menu.html' %}",
        "middle/page.html": "{% extends 'base.html' %}\n\n{% include \"middle/_part.html\" %}",
        "middle/other.html": "{% extends 'left/base.html' %}",
        "left/page.html": "{% url 'middle:index' %} {% url 'top:x' %} {% include part.template %}",
        "right/page.html": "{% url 'left:index' %}",  # an independent sibling
    }
    found = template_violations(templates, LAYERING, namespaces)
    assert [str(v) for v in sorted(found)] == [
        "templates/base.html:2: core (lower) names the URL top:index of top (higher)",
        "templates/left/page.html:1: left (lower) names the URL top:x of top (higher)",
        "templates/middle/other.html:1: middle (lower) extends left/base.html of left (higher)",
        "templates/partials/header.html:1: core (lower) includes left/_menu.html of left (higher)",
        "templates/right/page.html:1: right (sibling) names the URL left:index of left (sibling)",
    ]


def test_the_checker_reports_python_reaching_up():
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
    found = python_violations(sources, LAYERING, namespaces, names)
    assert [str(v) for v in sorted(found)] == [
        "mentor/middle/models.py:4: middle (lower) relates to top.C of top (higher)",
        "mentor/middle/models.py:5: middle (lower) relates to left.D of left (higher)",
        "mentor/middle/views.py:1: middle (lower) names the URL top:index of top (higher)",
        "mentor/middle/views.py:5: middle (lower) relates to top.C of top (higher)",
    ]


@pytest.mark.parametrize("owner", ["core", "middle"])
def test_a_violation_fails_the_test(owner):
    found = template_violations(
        {f"{owner}/x.html": "{% url 'top:index' %}"}, LAYERING, {"top": "top"}
    )
    assert len(found) == 1
    with pytest.raises(AssertionError, match=rf"templates/{owner}/x.html:1"):
        assert not found, _report(found)


def test_every_feature_app_keeps_its_models_to_itself():
    """The layer that builds on learning, and reporting, are in the contract that forbids
    other apps their ``models`` (a feature app added to the layer and not to the contract
    would be checked by nothing); so is audit, the one base app whose table the apps that
    record in it reach through its services and selectors only."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (contract,) = [
        c for c in config["contracts"] if c["name"] == "A feature app's models are its own"
    ]
    features = set(read_layers()[2]) | {"reporting"}
    assert {
        m.removeprefix(f"{PACKAGE}.").removesuffix(".models") for m in contract["forbidden_modules"]
    } == features | {"audit"}
