mock_provider "aws" {
  # The real provider checks these are ARNs.
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:us-west-2:123456789012:cluster/mediaserver-cluster"
      id  = "arn:aws:ecs:us-west-2:123456789012:cluster/mediaserver-cluster"
    }
  }

  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:us-west-2:123456789012:task-definition/mediaserver:1"
    }
  }
}

variables {
  region                   = "us-west-2"
  image_repository_url     = "123456789012.dkr.ecr.us-west-2.amazonaws.com/mediaserver"
  bucket_name              = "mediaserver-storage-123456789012"
  jwt_secret_parameter_arn = "arn:aws:ssm:us-west-2:123456789012:parameter/mediaserver/jwt-secret"
  execution_role_arn       = "arn:aws:iam::123456789012:role/mediaserver-ecs-task-execution-role"
  task_role_arn            = "arn:aws:iam::123456789012:role/mediaserver-ecs-task-role"
  iam_dependency_ids       = ["mediaserver-ecs-task-execution-role-20260101", "mediaserver-ecs-task-role:mediaserver-ecs-task-s3"]
  log_group_name           = "/ecs/mediaserver"
  subnet_ids               = ["subnet-0000000000000000a", "subnet-0000000000000000b", "subnet-0000000000000000c"]
  security_group_ids       = ["sg-000000000000000e1"]
  target_group_arn         = "arn:aws:elasticloadbalancing:us-west-2:123456789012:targetgroup/mediaserver-tg/0123456789abcdef"
  listener_arn             = "arn:aws:elasticloadbalancing:us-west-2:123456789012:listener/app/mediaserver-alb/0123456789abcdef/0123456789abcdef"
}

run "cluster_with_container_insights_and_fargate_capacity" {
  command = apply

  assert {
    condition     = aws_ecs_cluster.this.name == "mediaserver-cluster" && { for s in aws_ecs_cluster.this.setting : s.name => s.value } == { containerInsights = "enabled" }
    error_message = "The cluster must be mediaserver-cluster with Container Insights enabled."
  }

  assert {
    condition     = aws_ecs_cluster_capacity_providers.this.capacity_providers == toset(["FARGATE", "FARGATE_SPOT"])
    error_message = "The cluster's capacity providers must be FARGATE and FARGATE_SPOT."
  }

  assert {
    condition     = length(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy) == 1 && one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).capacity_provider == "FARGATE" && one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).weight == 100 && one(aws_ecs_cluster_capacity_providers.this.default_capacity_provider_strategy).base == 1
    error_message = "The default strategy must be FARGATE, weight 100, base 1."
  }
}

run "task_definition_is_the_guides" {
  command = plan

  assert {
    condition     = aws_ecs_task_definition.this.family == "mediaserver" && aws_ecs_task_definition.this.cpu == "256" && aws_ecs_task_definition.this.memory == "512" && aws_ecs_task_definition.this.network_mode == "awsvpc" && aws_ecs_task_definition.this.requires_compatibilities == toset(["FARGATE"])
    error_message = "The task definition must be family mediaserver, 256 CPU, 512 MB, awsvpc, Fargate."
  }

  assert {
    condition     = aws_ecs_task_definition.this.execution_role_arn == var.execution_role_arn && aws_ecs_task_definition.this.task_role_arn == var.task_role_arn
    error_message = "The task definition must use the execution role and the task role."
  }

  assert {
    condition     = length(jsondecode(aws_ecs_task_definition.this.container_definitions)) == 1 && jsondecode(aws_ecs_task_definition.this.container_definitions)[0].image == "123456789012.dkr.ecr.us-west-2.amazonaws.com/mediaserver:latest"
    error_message = "The one container must run the ECR repository's image."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].portMappings == [{ containerPort = 3000, hostPort = 3000, protocol = "tcp" }]
    error_message = "The container must serve on port 3000."
  }

  assert {
    condition     = { for e in jsondecode(aws_ecs_task_definition.this.container_definitions)[0].environment : e.name => e.value } == { NODE_ENV = "production", PORT = "3000", AWS_REGION = "us-west-2", S3_BUCKET_NAME = "mediaserver-storage-123456789012" }
    error_message = "The environment must be NODE_ENV, PORT, AWS_REGION and S3_BUCKET_NAME."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].secrets == [{ name = "JWT_SECRET", valueFrom = "arn:aws:ssm:us-west-2:123456789012:parameter/mediaserver/jwt-secret" }]
    error_message = "JWT_SECRET must come from the SSM parameter."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].logConfiguration == { logDriver = "awslogs", options = { awslogs-group = "/ecs/mediaserver", awslogs-region = "us-west-2", awslogs-stream-prefix = "ecs" } }
    error_message = "The container must log to /ecs/mediaserver with the awslogs driver."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this.container_definitions)[0].healthCheck.command == ["CMD-SHELL", "curl -f http://localhost:3000/health || exit 1"]
    error_message = "The container health check must curl /health."
  }
}

run "service_runs_two_fargate_tasks_behind_the_target_group" {
  command = plan

  assert {
    condition     = aws_ecs_service.this.name == "mediaserver-service" && aws_ecs_service.this.desired_count == 2 && aws_ecs_service.this.launch_type == "FARGATE"
    error_message = "The service must be mediaserver-service with 2 Fargate tasks."
  }

  assert {
    condition     = one(aws_ecs_service.this.network_configuration).assign_public_ip == true && one(aws_ecs_service.this.network_configuration).subnets == toset(var.subnet_ids) && one(aws_ecs_service.this.network_configuration).security_groups == toset(["sg-000000000000000e1"])
    error_message = "The tasks must run in the given public subnets with public IPs and the tasks' security group."
  }

  assert {
    condition     = one(aws_ecs_service.this.load_balancer).target_group_arn == var.target_group_arn && one(aws_ecs_service.this.load_balancer).container_name == "mediaserver" && one(aws_ecs_service.this.load_balancer).container_port == 3000
    error_message = "The service must register container mediaserver:3000 with the target group."
  }

  assert {
    condition     = aws_ecs_service.this.deployment_maximum_percent == 200 && aws_ecs_service.this.deployment_minimum_healthy_percent == 100
    error_message = "Deployments must run between 100% and 200% of the desired count."
  }

  assert {
    condition     = one(aws_ecs_service.this.deployment_circuit_breaker).enable == true && one(aws_ecs_service.this.deployment_circuit_breaker).rollback == true
    error_message = "The deployment circuit breaker must be on, with rollback."
  }

  assert {
    condition     = aws_ecs_service.this.enable_execute_command == true
    error_message = "Execute command must be enabled."
  }

  assert {
    condition     = terraform_data.dependencies.input == concat([var.listener_arn], var.iam_dependency_ids)
    error_message = "The service must wait for the listener and the roles' policies."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    cpu                  = 300
    image_repository_url = "docker.io/library/node"
    image_tag            = ":latest"
    subnet_ids           = []
  }

  expect_failures = [var.cpu, var.image_repository_url, var.image_tag, var.subnet_ids]
}

run "memory_must_fit_the_cpu_size" {
  command = plan

  variables {
    memory = 4096
  }

  expect_failures = [aws_ecs_task_definition.this]
}
