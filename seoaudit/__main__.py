import sys

from seoaudit.cli import main

sys.exit(main())
