"""Rulesets: find, parse and validate the YAML, merge the layers, compile them into rules."""
