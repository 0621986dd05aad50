"""`python -m desktop` is the same as the `metodist` console script."""

import sys

from desktop.cli import main

sys.exit(main())
