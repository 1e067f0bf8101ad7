"""Text extraction for the complaint dialogue: small parsers, one fact each.

normalize (simplified, half-width), phone, id_number (GB 11643), period (relative to
today), person_name, employer_mention, project, work_type (vocabulary in
work_types.yaml), corrections, commands, answers (yes/no/don't know), input_checks.
Amounts and headcounts come from `routing.quantities`.
"""
