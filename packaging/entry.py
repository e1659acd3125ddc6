"""PyInstaller entry script: the frozen app runs exactly what `newsdesk` runs."""

import multiprocessing
import sys

if __name__ == "__main__":
    from newsdesk.ui.render_process import RENDER_WORKER_FLAG

    if sys.argv[1:2] == [RENDER_WORKER_FLAG]:
        # The preview's render worker is this executable again (render_process).
        from newsdesk.ui.render_process import main

        main(sys.argv[2:])
        sys.exit(0)
    # The exports' process pool starts workers with "spawn"; in a frozen app a
    # worker is this executable again, and freeze_support() turns it into the
    # worker instead of a second newsdesk.
    multiprocessing.freeze_support()
    from newsdesk.cli.main import entry_point

    entry_point()
