# Where the buckets' resources lived before the s3-bucket module was shared: one
# block per bucket and resource (moved blocks take no for_each).
moved {
  from = aws_s3_bucket.this["static-assets"]
  to   = module.bucket["static-assets"].aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this["static-assets"]
  to   = module.bucket["static-assets"].aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_ownership_controls.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket_ownership_controls.this
}

moved {
  from = aws_s3_bucket_public_access_block.this["static-assets"]
  to   = module.bucket["static-assets"].aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_public_access_block.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_public_access_block.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket_public_access_block.this
}

moved {
  from = aws_s3_bucket_versioning.this["static-assets"]
  to   = module.bucket["static-assets"].aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_versioning.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_versioning.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket_versioning.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this["static-assets"]
  to   = module.bucket["static-assets"].aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_server_side_encryption_configuration.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket_server_side_encryption_configuration.this
}

moved {
  from = aws_s3_bucket_policy.this["app-logs"]
  to   = module.bucket["app-logs"].aws_s3_bucket_policy.this[0]
}

moved {
  from = aws_s3_bucket_policy.this["cloudfront-logs"]
  to   = module.bucket["cloudfront-logs"].aws_s3_bucket_policy.this[0]
}
