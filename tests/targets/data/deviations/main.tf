# One resource per known emulator deviation (orchestrator/streamctl/targets/README.md),
# configured as the platform modules configure them. On an emulator that answers like
# AWS, a plan right after apply is empty.

variable "name" {
  type        = string
  description = "Prefix of every name, so two runs never share an emulated resource."
  default     = "dev"
}

# rds-cluster-scaling-configuration
resource "aws_rds_cluster" "this" {
  cluster_identifier  = "aurora-${var.name}"
  engine              = "aurora-mysql"
  engine_mode         = "provisioned"
  engine_version      = "8.0.mysql_aurora.3.10.3"
  master_username     = "admin"
  master_password     = "Deviation-test-1"
  storage_encrypted   = true
  skip_final_snapshot = true
}

resource "aws_vpc" "this" {
  cidr_block = "10.42.0.0/16"
}

resource "aws_subnet" "this" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.42.1.0/24"
  availability_zone = "us-west-2a"
}

# launch-template-own-tags: the template's own tags beside instance tags.
resource "aws_launch_template" "this" {
  name          = "lt-${var.name}"
  image_id      = "ami-12c6146b"
  instance_type = "t3.micro"

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "ec2-${var.name}" }
  }

  tags = { Name = "lt-${var.name}" }
}

resource "aws_autoscaling_group" "this" {
  name                = "asg-${var.name}"
  min_size            = 1
  max_size            = 2
  desired_capacity    = 1
  vpc_zone_identifier = [aws_subnet.this.id]
  force_delete        = true

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }
}

# autoscaling-policy-enabled
resource "aws_autoscaling_policy" "cpu" {
  name                   = "policy-cpu-${var.name}"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = 60
  }
}

# cloudfront-distribution-config: an S3 origin with an origin access control, a
# custom origin, managed cache policies instead of forwarded_values, default certificate.
resource "aws_cloudfront_origin_access_control" "this" {
  name                              = "oac-${var.name}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  enabled = true
  comment = "cf-${var.name}"

  origin {
    origin_id                = "s3"
    domain_name              = "bucket-${var.name}.s3.us-west-2.amazonaws.com"
    origin_access_control_id = aws_cloudfront_origin_access_control.this.id
  }

  origin {
    origin_id   = "api"
    domain_name = "api-${var.name}.example.com"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "http-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "api"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" # CachingDisabled
  }

  ordered_cache_behavior {
    path_pattern           = "/static/*"
    target_origin_id       = "s3"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    viewer_protocol_policy = "redirect-to-https"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6" # CachingOptimized
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}
