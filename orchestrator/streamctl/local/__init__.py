"""Local mode: an AWS emulator (moto server) and the provider settings that target it."""
