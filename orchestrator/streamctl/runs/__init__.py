"""Run directories of per-layer logs: listing, pruning, reading them as a person would."""
