"""The cost of reading banks and rendering templates as hostile input.

Prints, for the same run:
- the built-in banks loaded through the bounded, event-by-event composer, beside
  PyYAML's own C composer on the same files (the baseline);
- a 1 MB bank (the size limit) through the same loader;
- how quickly an alias bomb and a 50 MB bank are refused;
- one outreach draft in the bounded sandbox, beside Jinja's plain sandbox (baseline).

Run: .venv/bin/python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402
from jinja2 import StrictUndefined  # noqa: E402
from jinja2.sandbox import SandboxedEnvironment  # noqa: E402

from benchmarks._util import median, ms, timed  # noqa: E402
from coffeechat.banks import MAX_BANK_BYTES, load_bank, read_yaml  # noqa: E402
from coffeechat.errors import BankError  # noqa: E402
from coffeechat.outreach.drafts import find_template  # noqa: E402
from coffeechat.settings import BUILTIN_BANKS_DIR  # noqa: E402
from coffeechat.templating import FrontMatterLoader, render, text_environment  # noqa: E402
from tests.test_hostile_banks import QUESTION, alias_bomb  # noqa: E402
from tests.test_outreach_templates import SAMPLES  # noqa: E402

_CLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main() -> None:
    files = sorted(BUILTIN_BANKS_DIR.rglob("*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    ours = median(timed(lambda: [read_yaml(f, f.name) for f in files], repeat=7))
    base = median(timed(lambda: [yaml.load(t, Loader=_CLoader) for t in texts], repeat=7))
    print(f"built-in banks, {len(files)} files, parse only: bounded {ms(ours)}  "
          f"PyYAML C composer {ms(base)}  ({ours / base:.1f}x)")
    print(f"built-in banks, load and validate: {ms(median(timed(load_bank, repeat=5)))}")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        count = 0
        body = "title: Big\nquestions:\n"
        while len(body) < MAX_BANK_BYTES - 400:
            body += QUESTION.format(i=count)
            count += 1
        (folder / "big.yaml").write_text(body, encoding="utf-8")
        seconds = median(timed(lambda: read_yaml(folder / "big.yaml", "big"), repeat=3))
        base = median(timed(lambda: yaml.load(body, Loader=_CLoader), repeat=3))
        print(f"a {len(body) / 1e6:.2f} MB bank ({count} questions), parse only: bounded "
              f"{ms(seconds)}  PyYAML C composer {ms(base)}")
        (folder / "bomb.yaml").write_text(alias_bomb(), encoding="utf-8")
        with (folder / "huge.yaml").open("wb") as handle:
            handle.truncate(50 * MAX_BANK_BYTES)
        for name in ("bomb.yaml", "huge.yaml"):
            def refuse(path: Path = folder / name) -> None:
                try:
                    load_bank([path], include_user_dir=False)
                except BankError:
                    return
                raise AssertionError("not refused")
            print(f"{name} refused in {ms(median(timed(refuse, repeat=3)))}")

    template = find_template("email", "interview_request")
    ctx = SAMPLES["career-changer"].for_template()
    bounded = text_environment(None)
    plain = SandboxedEnvironment(loader=FrontMatterLoader(str(template.path.parents[2])),
                                 undefined=StrictUndefined, trim_blocks=True,
                                 lstrip_blocks=True)
    plain.filters.update({k: v for k, v in bounded.filters.items()
                          if k in {"md", "md_block", "sentence", "clause"}})
    ours = median(timed(lambda: render(bounded, template.name, ctx), repeat=200))
    base = median(timed(lambda: plain.get_template(template.name).render(ctx), repeat=200))
    print(f"one draft: bounded sandbox {ms(ours)}  plain sandbox {ms(base)}")


if __name__ == "__main__":
    main()
