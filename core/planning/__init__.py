"""Turn a compiled ruleset and the facts into a dated plan, on a country's business calendar."""
