"""``python -m conformance.coverage [--check]``: write (or check) docs/conformance-coverage.md."""

from ._coverage import main

if __name__ == "__main__":
    raise SystemExit(main())
