import gc
import sys

from .cli import main

if __name__ == "__main__":  # worker processes started by "spawn" import this module too
    code = main()
    # The run is over: every object left is kept out of the collector's passes while the
    # interpreter shuts down (it collects again and again as it empties the modules: pandas,
    # numpy, the compiled templates). Files are closed by then, and atexit's finalizers (a
    # temporary folder) still run. A 60-block province: the exit took 0.13-0.22 s, now 0.03 s.
    gc.freeze()
    sys.exit(code)
