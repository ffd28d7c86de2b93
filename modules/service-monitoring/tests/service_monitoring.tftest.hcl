mock_provider "aws" {}

variables {
  region          = "us-west-2"
  log_group_names = ["/ecs/mediaserver", "/aws/ecs/mediaserver/app"]
  cluster_name    = "mediaserver-cluster"
  service_name    = "mediaserver-service"
  bucket_name     = "mediaserver-storage-123456789012"
}

run "two_log_groups_kept_30_days" {
  command = apply

  assert {
    condition     = toset(keys(aws_cloudwatch_log_group.this)) == toset(["/ecs/mediaserver", "/aws/ecs/mediaserver/app"]) && alltrue([for g in aws_cloudwatch_log_group.this : g.retention_in_days == 30])
    error_message = "/ecs/mediaserver and /aws/ecs/mediaserver/app must keep logs for 30 days."
  }

  assert {
    condition     = output.log_group_names == ["/ecs/mediaserver", "/aws/ecs/mediaserver/app"]
    error_message = "The log group names are handed on in input order."
  }
}

run "dashboard_shows_ecs_cpu_memory_and_s3_size_objects" {
  command = plan

  assert {
    condition     = aws_cloudwatch_dashboard.this.dashboard_name == "mediaserver-dashboard"
    error_message = "The dashboard must be mediaserver-dashboard."
  }

  assert {
    condition     = [for m in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[0].properties.metrics : slice(m, 0, 6)] == [["AWS/ECS", "CPUUtilization", "ClusterName", "mediaserver-cluster", "ServiceName", "mediaserver-service"], ["AWS/ECS", "MemoryUtilization", "ClusterName", "mediaserver-cluster", "ServiceName", "mediaserver-service"]]
    error_message = "The first widget must chart the service's CPU and memory."
  }

  assert {
    condition     = [for m in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets[1].properties.metrics : slice(m, 0, 4)] == [["AWS/S3", "BucketSizeBytes", "BucketName", "mediaserver-storage-123456789012"], ["AWS/S3", "NumberOfObjects", "BucketName", "mediaserver-storage-123456789012"]]
    error_message = "The second widget must chart the bucket's size and object count."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    log_group_names    = ["bad name"]
    log_retention_days = 31
  }

  expect_failures = [var.log_group_names, var.log_retention_days]
}
