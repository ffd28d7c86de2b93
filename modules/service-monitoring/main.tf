# Log groups use CloudWatch Logs' own encryption: the guide has no customer-managed key.
resource "aws_cloudwatch_log_group" "this" {
  # checkov:skip=CKV_AWS_158: CloudWatch Logs encrypts at rest with its own key; the guide has no customer-managed key
  # checkov:skip=CKV_AWS_338: the guide keeps logs for 30 days
  for_each = toset(var.log_group_names)

  name              = each.value
  retention_in_days = var.log_retention_days

  tags = merge(var.tags, { Name = each.value })
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "${var.name}-dashboard"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "ECS service CPU and memory (%)"
          region = var.region
          stat   = "Average"
          period = 300
          view   = "timeSeries"
          metrics = [
            ["AWS/ECS", "CPUUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
            ["AWS/ECS", "MemoryUtilization", "ClusterName", var.cluster_name, "ServiceName", var.service_name],
          ]
        }
      },
      {
        # S3 publishes storage metrics once a day.
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Media bucket size (bytes) and object count"
          region = var.region
          stat   = "Average"
          period = 86400
          view   = "timeSeries"
          metrics = [
            ["AWS/S3", "BucketSizeBytes", "BucketName", var.bucket_name, "StorageType", "StandardStorage"],
            ["AWS/S3", "NumberOfObjects", "BucketName", var.bucket_name, "StorageType", "AllStorageTypes", { yAxis = "right" }],
          ]
        }
      },
    ]
  })
}
