"""Deploying a stack: one Deployment per run, the flows over it, and the DAG scheduler."""
