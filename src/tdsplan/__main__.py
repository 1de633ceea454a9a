"""``python -m tdsplan``: the command line."""

from tdsplan.cli import main

if __name__ == "__main__":
    main()
