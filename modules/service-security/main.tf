# Groups carry no inline rules: every rule is its own aws_security_group_rule (as in the
# platform's security module), so the two groups referencing each other never form a cycle.
resource "aws_security_group" "alb" {
  # checkov:skip=CKV2_AWS_5: attached to the load balancer by the alb layer (another state)
  name        = "${var.name}-alb"
  description = "Load balancer of ${var.name}: HTTP and HTTPS from the internet"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-alb" })
}

resource "aws_security_group" "tasks" {
  # checkov:skip=CKV2_AWS_5: attached to the ECS service by the ecs layer (another state)
  name        = "${var.name}-ecs-tasks"
  description = "ECS tasks of ${var.name}: the app port from the load balancer only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${var.name}-ecs-tasks" })
}

resource "aws_security_group_rule" "alb_in" {
  # checkov:skip=CKV_AWS_260: the public load balancer takes HTTP on port 80 from anywhere, as the guide asks (no certificate yet)
  for_each = { for port in var.listener_ports : tostring(port) => port }

  type              = "ingress"
  description       = "Port ${each.value} from the internet"
  security_group_id = aws_security_group.alb.id
  protocol          = "tcp"
  from_port         = each.value
  to_port           = each.value
  cidr_blocks       = var.ingress_cidrs
}

resource "aws_security_group_rule" "tasks_from_alb" {
  type                     = "ingress"
  description              = "App port from the load balancer"
  security_group_id        = aws_security_group.tasks.id
  protocol                 = "tcp"
  from_port                = var.app_port
  to_port                  = var.app_port
  source_security_group_id = aws_security_group.alb.id
}

# All outbound traffic: the tasks pull images and call AWS APIs over the internet
# (public subnets, no NAT gateway, no VPC endpoints), as the guide asks.
resource "aws_security_group_rule" "all_out" {
  # checkov:skip=CKV_AWS_382: the guide allows all outbound traffic (image pulls, AWS APIs, updates)
  for_each = {
    alb   = aws_security_group.alb.id
    tasks = aws_security_group.tasks.id
  }

  type              = "egress"
  description       = "All outbound traffic"
  security_group_id = each.value
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}
