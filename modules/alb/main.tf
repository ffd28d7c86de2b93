locals {
  alb_name          = coalesce(var.alb_name, "${var.name}-alb")
  target_group_name = coalesce(var.target_group_name, "${var.name}-tg")
  listener_name     = coalesce(var.listener_name, "${var.name}-http")
}

resource "aws_lb" "this" {
  # checkov:skip=CKV_AWS_91: access logs need an SSE-S3 bucket; the platform's buckets are SSE-KMS and the media bucket is no log sink
  # checkov:skip=CKV_AWS_150: deletion protection is off so both stacks tear down cleanly, as their documents ask
  # checkov:skip=CKV2_AWS_28: no WAF in either stack (the platform has CloudFront in front); add one for production traffic
  # checkov:skip=CKV2_AWS_20: HTTP only: HTTPS needs an ACM certificate validated for a domain, which neither stack has
  name                       = local.alb_name
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = var.security_group_ids
  subnets                    = var.subnet_ids
  enable_deletion_protection = false
  drop_invalid_header_fields = true

  tags = merge(var.tags, { Name = local.alb_name })
}

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378: the targets serve plain HTTP inside the VPC behind the load balancer (no certificates)
  name                 = local.target_group_name
  port                 = var.target_port
  protocol             = "HTTP"
  target_type          = var.target_type
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = var.health_check.port
    path                = var.health_check.path
    matcher             = var.health_check.matcher
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
    interval            = var.health_check.interval
    timeout             = var.health_check.timeout
  }

  tags = merge(var.tags, { Name = local.target_group_name })

  lifecycle {
    precondition {
      condition     = var.health_check.timeout < var.health_check.interval
      error_message = "The health check timeout must be shorter than its interval."
    }
  }
}

resource "aws_lb_listener" "http" {
  # checkov:skip=CKV_AWS_2: HTTP only: HTTPS needs an ACM certificate for a domain (the platform's viewers get HTTPS at CloudFront)
  # checkov:skip=CKV_AWS_103: HTTP-only listener, so no TLS policy
  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_port
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = merge(var.tags, { Name = local.listener_name })
}
