"""The `exhaust` command: parse, call a service, print (Rich tables or --json)."""
