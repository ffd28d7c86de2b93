"""What a user reviews before approving: plans per resource, and the approval policy."""
