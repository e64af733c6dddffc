"""``python -m coffeechat.cli``: the same command line as the ``coffeechat`` script."""

from coffeechat.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
