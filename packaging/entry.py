"""PyInstaller entry script: the frozen app runs exactly what `newsdesk` runs."""

import multiprocessing

if __name__ == "__main__":
    # The preview and the exports start worker processes with "spawn"; in a
    # frozen app a worker is this executable again, and freeze_support() turns
    # it into the worker instead of a second newsdesk.
    multiprocessing.freeze_support()
    from newsdesk.cli.main import entry_point

    entry_point()
