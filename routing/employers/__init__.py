"""Employer names: normalization, parsing and matching against the registry.

`index.EmployerIndex` is the entry point (`from_records`, `from_csv`, `match`, `upsert`,
`remove`, `add_alias`, `explain`); `importer.parse_registry_csv` validates a registry CSV,
`service` keeps the registry in the database, `match_stream.run_match` speaks the
`anxin match` protocol. Nothing here imports a web or bot framework.
"""
