"""DuckDB functions the dbt project's SQL calls, registered by a dbt-duckdb plugin."""
