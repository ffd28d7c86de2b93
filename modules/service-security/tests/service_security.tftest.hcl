mock_provider "aws" {
  mock_resource "aws_security_group" {
    defaults = {
      id = "sg-0123456789abcdef0"
    }
  }
}

variables {
  vpc_id = "vpc-0123456789abcdef0"
  tags   = { Project = "mediaserver" }
}

run "groups_and_rules_are_the_guides" {
  command = apply

  assert {
    condition     = aws_security_group.alb.name == "mediaserver-alb" && aws_security_group.tasks.name == "mediaserver-ecs-tasks"
    error_message = "The groups must be mediaserver-alb and mediaserver-ecs-tasks."
  }

  assert {
    condition     = keys(aws_security_group_rule.alb_in) == ["443", "80"] && alltrue([for r in aws_security_group_rule.alb_in : r.type == "ingress" && r.protocol == "tcp" && r.from_port == r.to_port && r.cidr_blocks == tolist(["0.0.0.0/0"]) && r.security_group_id == aws_security_group.alb.id])
    error_message = "The load balancer must take TCP 80 and 443 from 0.0.0.0/0, one rule per port."
  }

  assert {
    condition     = aws_security_group_rule.alb_in["80"].from_port == 80 && aws_security_group_rule.alb_in["443"].from_port == 443
    error_message = "The two listener rules must open 80 and 443."
  }

  assert {
    condition     = aws_security_group_rule.tasks_from_alb.from_port == 3000 && aws_security_group_rule.tasks_from_alb.to_port == 3000 && aws_security_group_rule.tasks_from_alb.protocol == "tcp" && aws_security_group_rule.tasks_from_alb.source_security_group_id == aws_security_group.alb.id && aws_security_group_rule.tasks_from_alb.security_group_id == aws_security_group.tasks.id && aws_security_group_rule.tasks_from_alb.cidr_blocks == null
    error_message = "The tasks must take TCP 3000 from the load balancer's group only."
  }

  assert {
    condition     = length(aws_security_group_rule.all_out) == 2 && alltrue([for r in aws_security_group_rule.all_out : r.type == "egress" && r.protocol == "-1" && r.from_port == 0 && r.to_port == 0 && r.cidr_blocks == tolist(["0.0.0.0/0"])])
    error_message = "Both groups must allow all outbound traffic."
  }

  assert {
    condition     = aws_security_group.alb.tags["Name"] == "mediaserver-alb" && aws_security_group.tasks.tags["Project"] == "mediaserver"
    error_message = "The groups must carry their Name tag and the caller's tags."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    vpc_id         = "subnet-0123"
    listener_ports = [0]
    ingress_cidrs  = ["0.0.0.0/40"]
    app_port       = 70000
  }

  expect_failures = [var.vpc_id, var.listener_ports, var.ingress_cidrs, var.app_port]
}
