locals {
  cluster_name   = "${var.name}-cluster"
  service_name   = "${var.name}-service"
  container_name = var.name

  container = {
    name      = local.container_name
    image     = "${var.image_repository_url}:${var.image_tag}"
    essential = true

    portMappings = [{ containerPort = var.container_port, hostPort = var.container_port, protocol = "tcp" }]

    environment = [
      { name = "NODE_ENV", value = var.node_env },
      { name = "PORT", value = tostring(var.container_port) },
      { name = "AWS_REGION", value = var.region },
      { name = "S3_BUCKET_NAME", value = var.bucket_name },
    ]

    # Resolved by ECS with the execution role when the task starts: the value never
    # appears in the task definition.
    secrets = [{ name = "JWT_SECRET", valueFrom = var.jwt_secret_parameter_arn }]

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = var.log_group_name
        awslogs-region        = var.region
        awslogs-stream-prefix = "ecs"
      }
    }

    healthCheck = {
      command     = ["CMD-SHELL", "curl -f http://localhost:${var.container_port}${var.health_check_path} || exit 1"]
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = local.cluster_name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = merge(var.tags, { Name = local.cluster_name })
}

resource "aws_ecs_cluster_capacity_providers" "this" {
  cluster_name       = aws_ecs_cluster.this.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]

  default_capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 100
    base              = 1
  }
}

resource "aws_ecs_task_definition" "this" {
  # checkov:skip=CKV_AWS_336: the Node.js application writes temporary upload files to its root filesystem
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.cpu)
  memory                   = tostring(var.memory)
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  container_definitions    = jsonencode([local.container])

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  tags = merge(var.tags, { Name = var.name })

  lifecycle {
    precondition {
      condition     = var.memory >= 2 * var.cpu && var.memory <= 8 * var.cpu
      error_message = "Fargate pairs each CPU size with memory of 2 to 8 times its units in MiB (256 CPU: 512, 1024 or 2048 MiB)."
    }
  }
}

# The service registers targets: the listener must exist (a target group without a
# load balancer is refused), and the roles' policies must be in place (IAM is
# eventually consistent). Both live in other layers, so their IDs are held here.
resource "terraform_data" "dependencies" {
  input = concat([var.listener_arn], var.iam_dependency_ids)
}

resource "aws_ecs_service" "this" {
  # checkov:skip=CKV_AWS_333: the guide runs the tasks in public subnets with public IPs (no NAT gateway); the tasks' group admits only the load balancer
  name                               = local.service_name
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.this.arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  deployment_maximum_percent         = 200
  deployment_minimum_healthy_percent = 100
  health_check_grace_period_seconds  = var.health_check_grace_period_seconds
  enable_execute_command             = var.enable_execute_command
  propagate_tags                     = "SERVICE"
  wait_for_steady_state              = var.wait_for_steady_state

  network_configuration {
    subnets          = var.subnet_ids
    security_groups  = var.security_group_ids
    assign_public_ip = true
  }

  load_balancer {
    target_group_arn = var.target_group_arn
    container_name   = local.container_name
    container_port   = var.container_port
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  tags = merge(var.tags, { Name = local.service_name })

  # Application Auto Scaling owns the running count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }

  depends_on = [terraform_data.dependencies, aws_ecs_cluster_capacity_providers.this]
}
