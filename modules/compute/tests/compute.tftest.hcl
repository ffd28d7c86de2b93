mock_provider "aws" {
  mock_data "aws_ami" {
    defaults = {
      id = "ami-0123456789abcdef0"
    }
  }
}

variables {
  environment           = "dev"
  vpc_id                = "vpc-0123456789abcdef0"
  public_subnet_ids     = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]
  private_subnet_ids    = ["subnet-0000000000000001a", "subnet-0000000000000001b", "subnet-0000000000000001c"]
  alb_security_group_id = "sg-000000000000000a1"
  ec2_security_group_id = "sg-000000000000000e1"
  instance_profile_name = "profile-ec2-app-dev"
  iam_dependency_ids    = ["role-ec2-app-dev", "role-ec2-app-dev-20260101", "profile-ec2-app-dev"]
  tags                  = { Team = "platform" }
}

run "internet_facing_alb_with_http_listener" {
  command = plan

  assert {
    condition     = module.alb.load_balancer.name == "alb-web-dev" && module.alb.load_balancer.internal == false && module.alb.load_balancer.load_balancer_type == "application"
    error_message = "The ALB must be the internet-facing application load balancer alb-web-dev."
  }

  assert {
    condition     = module.alb.load_balancer.subnets == toset(var.public_subnet_ids) && module.alb.load_balancer.security_groups == toset(["sg-000000000000000a1"])
    error_message = "The ALB must span the three public subnets with the ALB security group."
  }

  assert {
    condition     = module.alb.load_balancer.enable_deletion_protection == false && module.alb.load_balancer.drop_invalid_header_fields
    error_message = "The ALB must have deletion protection off and drop invalid header fields."
  }

  assert {
    condition     = module.alb.listener.port == 80 && module.alb.listener.protocol == "HTTP" && module.alb.listener.default_action[0].type == "forward"
    error_message = "The listener must forward HTTP on port 80."
  }
}

run "target_group_health_check" {
  command = plan

  assert {
    condition     = module.alb.target_group.name == "tg-web-dev" && aws_launch_template.this.name == "lt-app-dev"
    error_message = "The target group and launch template must be named {type}-{purpose}-dev."
  }

  assert {
    condition     = module.alb.target_group.port == 80 && module.alb.target_group.protocol == "HTTP"
    error_message = "Targets must be reached over HTTP on port 80."
  }

  assert {
    condition     = module.alb.target_group.health_check[0].path == "/health" && module.alb.target_group.health_check[0].port == "80"
    error_message = "The health check must request /health on port 80."
  }

  assert {
    condition     = module.alb.target_group.health_check[0].healthy_threshold == 2 && module.alb.target_group.health_check[0].unhealthy_threshold == 2
    error_message = "Two successes mark a target healthy and two failures unhealthy."
  }

  assert {
    condition     = module.alb.target_group.target_type == "instance" && tostring(module.alb.target_group.deregistration_delay) == "300"
    error_message = "The target group must register instances and keep AWS's 300 s deregistration delay."
  }

  assert {
    condition     = module.alb.target_group.health_check[0].interval == 30 && module.alb.target_group.health_check[0].timeout == 5 && module.alb.target_group.health_check[0].matcher == "200"
    error_message = "The health check must run every 30 s with a 5 s timeout, expecting 200."
  }

  assert {
    condition     = module.alb.load_balancer.tags["Name"] == "alb-web-dev" && module.alb.target_group.tags["Name"] == "tg-web-dev" && module.alb.listener.tags["Name"] == "listener-http-dev" && module.alb.listener.tags["Team"] == "platform"
    error_message = "The ALB, target group and listener must carry their {type}-{purpose}-dev Name tags and the caller's tags."
  }
}

run "launch_template_uses_al2023_imdsv2_and_the_instance_profile" {
  command = plan

  assert {
    condition     = aws_launch_template.this.image_id == "ami-0123456789abcdef0" && aws_launch_template.this.instance_type == "t3.micro"
    error_message = "Instances must be t3.micro on the looked-up Amazon Linux 2023 AMI."
  }

  assert {
    condition     = contains(flatten([for f in data.aws_ami.al2023[0].filter : tolist(f.values)]), "al2023-ami-2023.*-x86_64")
    error_message = "The AMI lookup must select Amazon Linux 2023."
  }

  assert {
    condition     = aws_launch_template.this.metadata_options[0].http_tokens == "required" && aws_launch_template.this.metadata_options[0].http_put_response_hop_limit == 1
    error_message = "IMDSv2 must be required with a hop limit of 1."
  }

  assert {
    condition     = aws_launch_template.this.iam_instance_profile[0].name == "profile-ec2-app-dev" && aws_launch_template.this.vpc_security_group_ids == toset(["sg-000000000000000e1"])
    error_message = "The launch template must attach the instance profile and the EC2 security group."
  }

  assert {
    condition     = aws_launch_template.this.block_device_mappings[0].ebs[0].encrypted == "true"
    error_message = "The root volume must be encrypted."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.this.user_data), "dnf install -y httpd") && strcontains(base64decode(aws_launch_template.this.user_data), "/var/www/html/health")
    error_message = "User data must install a web server that answers the health check path."
  }

  assert {
    condition     = terraform_data.iam_ready.input == var.iam_dependency_ids
    error_message = "The launch template's IAM dependency must carry the role, attachment and profile IDs."
  }
}

run "asg_3_20_3_in_private_subnets_with_70_percent_cpu_target" {
  command = plan

  assert {
    condition     = aws_autoscaling_group.this.name == "asg-app-dev" && aws_autoscaling_group.this.min_size == 3 && aws_autoscaling_group.this.max_size == 20 && aws_autoscaling_group.this.desired_capacity == 3
    error_message = "The ASG must be asg-app-dev with min 3, max 20, desired 3."
  }

  assert {
    condition     = aws_autoscaling_group.this.vpc_zone_identifier == toset(var.private_subnet_ids) && aws_autoscaling_group.this.force_delete
    error_message = "The ASG must span the three private subnets and force-delete."
  }

  assert {
    condition     = aws_autoscaling_group.this.health_check_type == "ELB"
    error_message = "The ASG must replace instances the ALB finds unhealthy."
  }

  assert {
    condition     = aws_autoscaling_policy.cpu_target.policy_type == "TargetTrackingScaling" && aws_autoscaling_policy.cpu_target.target_tracking_configuration[0].target_value == 70 && aws_autoscaling_policy.cpu_target.target_tracking_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ASGAverageCPUUtilization"
    error_message = "Target tracking must keep average CPU at 70%."
  }

  assert {
    condition     = contains([for t in aws_autoscaling_group.this.tag : "${t.key}=${t.value}" if t.propagate_at_launch], "Team=platform")
    error_message = "Caller tags must propagate to the instances."
  }
}

run "explicit_ami_skips_the_lookup" {
  command = plan

  variables {
    ami_id = "ami-0fedcba9876543210"
  }

  assert {
    condition     = length(data.aws_ami.al2023) == 0 && aws_launch_template.this.image_id == "ami-0fedcba9876543210"
    error_message = "An explicit AMI must be used as given, without a lookup."
  }
}

run "rejects_desired_capacity_above_max" {
  command = plan

  variables {
    desired_capacity = 25
  }

  expect_failures = [aws_autoscaling_group.this]
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    cpu_target_value   = 100
    health_check_path  = "health"
    healthy_threshold  = 1
    public_subnet_ids  = ["subnet-0000000000000000a"]
    iam_dependency_ids = []
  }

  expect_failures = [
    var.cpu_target_value,
    var.health_check_path,
    var.healthy_threshold,
    var.public_subnet_ids,
    var.iam_dependency_ids,
  ]
}
