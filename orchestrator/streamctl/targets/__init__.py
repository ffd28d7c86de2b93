"""Where layers deploy: real AWS, or an AWS emulator with provider settings that target it."""
