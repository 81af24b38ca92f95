#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "raadsmemo.settings")
    from django.core.management import execute_from_command_line

    from raadsmemo.settings import refuse_development_secret_key

    refuse_development_secret_key()
    execute_from_command_line(sys.argv)
