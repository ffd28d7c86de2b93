locals {
  resource_id = "service/${var.cluster_name}/${var.service_name}"
  dimensions  = { ClusterName = var.cluster_name, ServiceName = var.service_name }
}

resource "aws_appautoscaling_target" "this" {
  service_namespace  = "ecs"
  resource_id        = local.resource_id
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_capacity
  max_capacity       = var.max_capacity

  tags = merge(var.tags, { Name = "${var.name}-scaling-target" })

  lifecycle {
    precondition {
      condition     = var.min_capacity <= var.max_capacity
      error_message = "The min_capacity must not exceed max_capacity."
    }
  }
}

# Step policies take no tags (the guide's fix): the API has none for policies.
resource "aws_appautoscaling_policy" "scale_up" {
  name               = "${var.name}-scale-up"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = var.cooldown_seconds
    metric_aggregation_type = "Average"

    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = var.scale_up_adjustment
    }
  }
}

resource "aws_appautoscaling_policy" "scale_down" {
  name               = "${var.name}-scale-down"
  policy_type        = "StepScaling"
  service_namespace  = aws_appautoscaling_target.this.service_namespace
  resource_id        = aws_appautoscaling_target.this.resource_id
  scalable_dimension = aws_appautoscaling_target.this.scalable_dimension

  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = var.cooldown_seconds
    metric_aggregation_type = "Average"

    step_adjustment {
      metric_interval_upper_bound = 0
      scaling_adjustment          = var.scale_down_adjustment
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "${var.name}-cpu-high"
  alarm_description   = "Average CPU of ${var.service_name} above ${var.cpu_high_threshold}% for ${var.evaluation_periods} periods of ${var.period_seconds} s: add a task."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = local.dimensions
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.cpu_high_threshold
  alarm_actions       = [aws_appautoscaling_policy.scale_up.arn]

  tags = merge(var.tags, { Name = "${var.name}-cpu-high" })
}

resource "aws_cloudwatch_metric_alarm" "cpu_low" {
  alarm_name          = "${var.name}-cpu-low"
  alarm_description   = "Average CPU of ${var.service_name} below ${var.cpu_low_threshold}% for ${var.evaluation_periods} periods of ${var.period_seconds} s: remove a task."
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  dimensions          = local.dimensions
  statistic           = "Average"
  period              = var.period_seconds
  evaluation_periods  = var.evaluation_periods
  comparison_operator = "LessThanThreshold"
  threshold           = var.cpu_low_threshold
  alarm_actions       = [aws_appautoscaling_policy.scale_down.arn]

  tags = merge(var.tags, { Name = "${var.name}-cpu-low" })
}
