mock_provider "aws" {
  # The real provider checks these are ARNs.
  mock_resource "aws_lb" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/mediaserver-alb/0123456789abcdef"
    }
  }

  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/mediaserver-tg/0123456789abcdef"
    }
  }
}

variables {
  vpc_id             = "vpc-0123456789abcdef0"
  subnet_ids         = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]
  security_group_ids = ["sg-000000000000000a1"]
}

run "internet_facing_alb_forwards_http_80" {
  command = apply

  assert {
    condition     = aws_lb.this.name == "mediaserver-alb" && aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application"
    error_message = "The load balancer must be the internet-facing application load balancer mediaserver-alb."
  }

  assert {
    condition     = aws_lb.this.subnets == toset(var.subnet_ids) && aws_lb.this.security_groups == toset(var.security_group_ids)
    error_message = "The load balancer must span all given subnets with its security group."
  }

  assert {
    condition     = aws_lb_listener.http.port == 80 && aws_lb_listener.http.protocol == "HTTP" && aws_lb_listener.http.default_action[0].type == "forward" && aws_lb_listener.http.default_action[0].target_group_arn == aws_lb_target_group.this.arn
    error_message = "The listener must forward HTTP on port 80 to the target group."
  }
}

run "target_group_ip_3000_with_the_guides_health_check" {
  command = plan

  assert {
    condition     = aws_lb_target_group.this.name == "mediaserver-tg" && aws_lb_target_group.this.target_type == "ip" && aws_lb_target_group.this.port == 3000 && aws_lb_target_group.this.protocol == "HTTP"
    error_message = "The target group must be mediaserver-tg with ip targets on HTTP 3000."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].path == "/health" && aws_lb_target_group.this.health_check[0].healthy_threshold == 2 && aws_lb_target_group.this.health_check[0].unhealthy_threshold == 2
    error_message = "The health check must request /health, healthy after 2 and unhealthy after 2."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].interval == 30 && aws_lb_target_group.this.health_check[0].timeout == 5 && aws_lb_target_group.this.health_check[0].matcher == "200"
    error_message = "The health check must run every 30 s with a 5 s timeout, expecting 200."
  }
}

run "callers_name_each_resource_and_the_health_check_port" {
  command = plan

  variables {
    alb_name          = "alb-web-dev"
    target_group_name = "tg-web-dev"
    listener_name     = "listener-http-dev"
    health_check      = { port = "80" }
  }

  assert {
    condition     = aws_lb.this.name == "alb-web-dev" && aws_lb.this.tags["Name"] == "alb-web-dev"
    error_message = "An explicit alb_name must name the load balancer and its Name tag."
  }

  assert {
    condition     = aws_lb_target_group.this.name == "tg-web-dev" && aws_lb_target_group.this.tags["Name"] == "tg-web-dev" && aws_lb_listener.http.tags["Name"] == "listener-http-dev"
    error_message = "Explicit target_group_name and listener_name must name the target group and tag the listener."
  }

  assert {
    condition     = aws_lb_target_group.this.health_check[0].port == "80" && aws_lb_target_group.this.health_check[0].path == "/health"
    error_message = "An explicit health check port must replace traffic-port, the other fields keeping their defaults."
  }
}

run "default_names_and_traffic_port" {
  command = plan

  assert {
    condition     = aws_lb_target_group.this.health_check[0].port == "traffic-port" && aws_lb_listener.http.tags["Name"] == "mediaserver-http" && tostring(aws_lb_target_group.this.deregistration_delay) == "30"
    error_message = "By default the health check must use the traffic port, the listener be tagged <name>-http and deregistration take 30 s."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    subnet_ids   = ["subnet-0000000000000000a"]
    target_type  = "lambda"
    health_check = { healthy_threshold = 1 }
    alb_name     = "-alb-"
  }

  expect_failures = [var.subnet_ids, var.target_type, var.health_check, var.alb_name]
}

run "rejects_a_health_check_port_that_is_no_port" {
  command = plan

  variables {
    health_check      = { port = "70000" }
    target_group_name = "a-target-group-name-longer-than-32"
  }

  expect_failures = [var.health_check, var.target_group_name]
}

run "timeout_must_be_shorter_than_interval" {
  command = plan

  variables {
    health_check = { interval = 10, timeout = 10 }
  }

  expect_failures = [aws_lb_target_group.this]
}
