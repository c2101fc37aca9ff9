"""`modules` for sqlfluff's jinja templater: the Python modules dbt exposes to Jinja."""

from __future__ import annotations

import datetime
import itertools
import re

__all__ = ["datetime", "itertools", "re"]
