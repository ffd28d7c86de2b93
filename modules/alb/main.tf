resource "aws_lb" "this" {
  # checkov:skip=CKV_AWS_91: no access-log bucket in this stack (the media bucket is not a log sink)
  # checkov:skip=CKV_AWS_150: deletion protection is off so the stack tears down cleanly
  # checkov:skip=CKV2_AWS_28: no WAF in this stack; add one in front of production traffic
  # checkov:skip=CKV2_AWS_20: HTTP only, as the guide asks: HTTPS needs an ACM certificate for a domain
  name                       = "${var.name}-alb"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = var.security_group_ids
  subnets                    = var.subnet_ids
  enable_deletion_protection = false
  drop_invalid_header_fields = true

  tags = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_lb_target_group" "this" {
  # checkov:skip=CKV_AWS_378: the tasks serve plain HTTP inside the VPC behind the load balancer
  name                 = "${var.name}-tg"
  port                 = var.target_port
  protocol             = "HTTP"
  target_type          = var.target_type
  vpc_id               = var.vpc_id
  deregistration_delay = var.deregistration_delay

  health_check {
    enabled             = true
    protocol            = "HTTP"
    port                = "traffic-port"
    path                = var.health_check.path
    matcher             = var.health_check.matcher
    healthy_threshold   = var.health_check.healthy_threshold
    unhealthy_threshold = var.health_check.unhealthy_threshold
    interval            = var.health_check.interval
    timeout             = var.health_check.timeout
  }

  tags = merge(var.tags, { Name = "${var.name}-tg" })

  lifecycle {
    precondition {
      condition     = var.health_check.timeout < var.health_check.interval
      error_message = "The health check timeout must be shorter than its interval."
    }
  }
}

resource "aws_lb_listener" "http" {
  # checkov:skip=CKV_AWS_2: HTTP only, as the guide asks: HTTPS needs an ACM certificate for a domain
  # checkov:skip=CKV_AWS_103: HTTP-only listener, so no TLS policy
  load_balancer_arn = aws_lb.this.arn
  port              = var.listener_port
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = merge(var.tags, { Name = "${var.name}-http" })
}
