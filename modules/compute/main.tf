data "aws_ami" "al2023" {
  count = var.ami_id == null ? 1 : 0

  most_recent = true
  owners      = ["amazon"]

  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }

  filter {
    name   = "architecture"
    values = ["x86_64"]
  }

  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
}

locals {
  ami_id = var.ami_id != null ? var.ami_id : data.aws_ami.al2023[0].id

  default_user_data = <<-EOT
    #!/bin/bash
    set -euo pipefail
    dnf install -y httpd
    echo "ok" > /var/www/html/${trimprefix(var.health_check_path, "/")}
    echo "<h1>streaming platform (${var.environment})</h1>" > /var/www/html/index.html
    systemctl enable --now httpd
  EOT
}

# The load balancer, target group and listener come from the shared alb module (the
# media server uses it too), named and tuned to the platform's requirements. Each name
# is given, so the module's `name` prefix (for its <name>-alb defaults) is not used.
module "alb" {
  source = "../alb"

  alb_name           = "alb-web-${var.environment}"
  target_group_name  = "tg-web-${var.environment}"
  listener_name      = "listener-http-${var.environment}"
  vpc_id             = var.vpc_id
  subnet_ids         = var.public_subnet_ids
  security_group_ids = [var.alb_security_group_id]
  listener_port      = var.http_port
  target_port        = var.http_port
  target_type        = "instance"
  # AWS's default, which the platform's target group has always had.
  deregistration_delay = 300

  health_check = {
    port                = tostring(var.http_port)
    path                = var.health_check_path
    matcher             = "200"
    healthy_threshold   = var.healthy_threshold
    unhealthy_threshold = var.unhealthy_threshold
    interval            = 30
    timeout             = 5
  }

  tags = var.tags
}

# These three lived in this module before the alb module was shared.
moved {
  from = aws_lb.this
  to   = module.alb.aws_lb.this
}

moved {
  from = aws_lb_target_group.this
  to   = module.alb.aws_lb_target_group.this
}

moved {
  from = aws_lb_listener.http
  to   = module.alb.aws_lb_listener.http
}

# Holds the IAM IDs so the launch template can depend on them: the role and its
# attachments live in another layer, and IAM is eventually consistent.
resource "terraform_data" "iam_ready" {
  input = var.iam_dependency_ids
}

resource "aws_launch_template" "this" {
  name          = "lt-app-${var.environment}"
  description   = "Application instances (Amazon Linux 2023)"
  image_id      = local.ami_id
  instance_type = var.instance_type
  user_data     = base64encode(coalesce(var.user_data, local.default_user_data))

  vpc_security_group_ids = [var.ec2_security_group_id]

  iam_instance_profile {
    name = var.instance_profile_name
  }

  # IMDSv2 only, and one hop: containers on the host cannot reach the credentials.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = var.root_volume_size
      volume_type           = "gp3"
      encrypted             = true
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = merge(var.tags, { Name = "ec2-app-${var.environment}" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(var.tags, { Name = "ebs-app-${var.environment}" })
  }

  tags = merge(var.tags, { Name = "lt-app-${var.environment}" })

  depends_on = [terraform_data.iam_ready]
}

resource "aws_autoscaling_group" "this" {
  name                      = "asg-app-${var.environment}"
  min_size                  = var.min_size
  max_size                  = var.max_size
  desired_capacity          = var.desired_capacity
  vpc_zone_identifier       = var.private_subnet_ids
  target_group_arns         = [module.alb.target_group_arn]
  health_check_type         = "ELB"
  health_check_grace_period = 300
  force_delete              = true

  launch_template {
    id      = aws_launch_template.this.id
    version = aws_launch_template.this.latest_version
  }

  dynamic "tag" {
    for_each = merge(var.tags, { Name = "ec2-app-${var.environment}" })

    content {
      key                 = tag.key
      value               = tag.value
      propagate_at_launch = true
    }
  }

  lifecycle {
    precondition {
      condition     = var.min_size <= var.desired_capacity && var.desired_capacity <= var.max_size
      error_message = "The Auto Scaling group needs min_size <= desired_capacity <= max_size."
    }
  }
}

resource "aws_autoscaling_policy" "cpu_target" {
  name                   = "policy-cpu-target-${var.environment}"
  autoscaling_group_name = aws_autoscaling_group.this.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
    target_value = var.cpu_target_value
  }
}
