"""AWS-side work: the remote-state bucket and post-deploy verification with boto3."""
