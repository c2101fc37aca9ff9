"""Render the ParEval markdown report from the dbt marts (read-only; no statistics here)."""
