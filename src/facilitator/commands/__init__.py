"""One module per group of subcommands; see ``facilitator.cli``."""
