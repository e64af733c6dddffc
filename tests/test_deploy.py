"""deploy/ holds together, checked without a container engine (none runs here).

tests/hosted runs the shipped haproxy.cfg in front of two replicas. What only an engine
would show is checked here instead:
- the image holds everything the app needs: the files the Dockerfile copies, and
  nothing else, run every page of the app;
- the command line the image starts with names real Streamlit options;
- compose.yaml, haproxy.cfg and env.example agree on names, ports and variables.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from wizard import router

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.sqlite3", "secrets.toml")


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continued lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text(encoding="utf-8"))
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            pairs.append((word.upper(), rest.strip()))
    return pairs


def copies(dockerfile: Path) -> list[tuple[list[str], str]]:
    """Each COPY from the build context: its sources and its destination."""
    out = []
    for word, rest in instructions(dockerfile):
        if word == "COPY" and not rest.startswith("--from"):
            *sources, target = rest.split()
            out.append((sources, target))
    return out


def build_tree(into: Path) -> None:
    """What the image's /app holds: the Dockerfile's copies, from the repository root."""
    for sources, target in copies(DEPLOY / "Dockerfile"):
        for source in sources:
            src = ROOT / source
            dest = into / (target if not target.endswith("/") else f"{target}{src.name}")
            if target in ("./", "."):
                dest = into / src.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            if src.is_dir():
                shutil.copytree(src, dest, ignore=IGNORED)
            else:
                shutil.copy2(src, dest)


def test_the_instruction_reader_joins_lines_and_skips_comments(tmp_path: Path) -> None:
    file = tmp_path / "Dockerfile"
    file.write_text("FROM x\n# COPY nope nope\nCOPY a b \\\n  ./\nCOPY --from=y c d\n")
    assert copies(file) == [(["a", "b"], "./")]


def test_every_file_the_dockerfile_copies_exists() -> None:
    missing = [s for sources, _ in copies(DEPLOY / "Dockerfile") for s in sources
               if not (ROOT / s).exists()]
    assert copies(DEPLOY / "Dockerfile") and not missing, missing


# Runs in the copied tree, with that tree first on the path: every page of the app, then
# a check that no module of the app was found in the repository instead (the editable
# install would otherwise hide a package the Dockerfile forgot).
PROBE = """
import json, sys
from pathlib import Path
from streamlit.testing.v1 import AppTest
tree = Path.cwd().resolve()
problems = []
for page in json.loads(sys.argv[1]):
    at = AppTest.from_file("app.py", default_timeout=60)
    at.switch_page(page)
    at.run()
    if at.exception or at.error:
        problems.append(f"{page}: {[e.value for e in [*at.exception, *at.error]]}")
for name, module in list(sys.modules.items()):
    where = getattr(module, "__file__", None) or ""
    top = name.split(".")[0]
    if top in {"coffeechat", "wizard", "pages", "app"} and where:
        if not Path(where).resolve().is_relative_to(tree):
            problems.append(f"{name} came from {where}, outside the image")
from coffeechat.banks import builtin_bank
from coffeechat import settings
if not settings.BUILTIN_BANKS_DIR.resolve().is_relative_to(tree):
    problems.append("the built-in banks were read from outside the image")
if not builtin_bank().questions:
    problems.append("no built-in questions in the image")
from coffeechat.outreach.drafts import list_templates
if not list_templates():
    problems.append("no outreach templates in the image")
from coffeechat.exporters.cards import _font_paths
for font in _font_paths():
    if not Path(font).resolve().is_relative_to(tree):
        problems.append(f"the card font {font} is outside the image")
print(json.dumps(problems))
"""


def test_the_app_runs_every_page_from_only_what_the_image_holds(tmp_path: Path) -> None:
    tree = tmp_path / "app"
    build_tree(tree)
    data = tmp_path / "data"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONDONTWRITEBYTECODE": "1",
           "COFFEECHAT_DATA_DIR": str(data),
           "COFFEECHAT_DATABASE_URL": f"sqlite:///{tmp_path / 'image.sqlite3'}"}
    pages = [screen.path for screen in router.SCREENS]
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(pages)], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_image_starts_streamlit_with_real_options_and_the_port_it_exposes() -> None:
    from streamlit import config

    steps = instructions(DEPLOY / "Dockerfile")
    command = json.loads(next(rest for word, rest in steps if word == "CMD"))
    assert command[:3] == ["streamlit", "run", "app.py"]
    options = dict(arg.removeprefix("--").split("=", 1) for arg in command[3:])
    unknown = set(options) - set(config.get_config_options())
    assert not unknown, f"not Streamlit options: {unknown}"
    exposed = next(rest for word, rest in steps if word == "EXPOSE")
    assert options["server.port"] == exposed
    health = next(rest for word, rest in steps if word == "HEALTHCHECK")
    assert f"127.0.0.1:{exposed}/_stcore/health" in health
    assert "http-check expect status 200" in (DEPLOY / "haproxy.cfg").read_text()
    assert "option httpchk GET /_stcore/health" in (DEPLOY / "haproxy.cfg").read_text()


def test_compose_haproxy_and_the_env_example_agree() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    replicas = sorted(name for name, s in services.items()
                      if s.get("build", {}).get("dockerfile") == "deploy/Dockerfile")
    assert replicas == ["app1", "app2"]
    # One secrets file for both: the same OIDC client and cookie secret on each replica.
    assert all(services[r]["secrets"] == ["streamlit_secrets"] for r in replicas)
    port = next(rest for word, rest in instructions(DEPLOY / "Dockerfile") if word == "EXPOSE")

    haproxy = (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8")
    lb = services["lb"]
    assert "./haproxy.cfg:/etc/haproxy/haproxy.cfg:ro" in lb["volumes"]
    wanted = set(re.findall(r'"\$\{(\w+)\}"', haproxy))
    assert wanted and wanted <= set(lb["environment"]), wanted - set(lb["environment"])
    servers = re.findall(r'^\s*server (\w+) "\$\{(\w+)\}" cookie (\w+)', haproxy, re.M)
    assert sorted(s[0] for s in servers) == replicas
    for name, variable, cookie in servers:
        assert lb["environment"][variable] == f"{name}:{port}"
        assert cookie == name
    assert sorted(lb["depends_on"]) == replicas

    # Every variable compose insists on is in the example an operator copies.
    required = set(re.findall(r"\$\{(\w+):\?", (DEPLOY / "compose.yaml").read_text()))
    example = {line.split("=", 1)[0] for line in (DEPLOY / "env.example").read_text()
               .splitlines() if "=" in line and not line.startswith("#")}
    assert required and required <= example, required - example
