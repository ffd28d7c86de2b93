mock_provider "aws" {
  # The real provider checks alarm actions are ARNs.
  mock_resource "aws_appautoscaling_policy" {
    defaults = {
      arn = "arn:aws:autoscaling:us-west-2:123456789012:scalingPolicy:00000000-0000-0000-0000-000000000000:resource/ecs/service/mediaserver-cluster/mediaserver-service:policyName/mediaserver-scale"
    }
  }
}

variables {
  cluster_name = "mediaserver-cluster"
  service_name = "mediaserver-service"
}

run "target_scales_the_service_between_1_and_10" {
  command = apply

  assert {
    condition     = aws_appautoscaling_target.this.min_capacity == 1 && aws_appautoscaling_target.this.max_capacity == 10
    error_message = "The service must scale between 1 and 10 tasks."
  }

  assert {
    condition     = aws_appautoscaling_target.this.resource_id == "service/mediaserver-cluster/mediaserver-service" && aws_appautoscaling_target.this.scalable_dimension == "ecs:service:DesiredCount" && aws_appautoscaling_target.this.service_namespace == "ecs"
    error_message = "The target must be the service's desired count."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cpu_high.alarm_actions == toset([aws_appautoscaling_policy.scale_up.arn]) && aws_cloudwatch_metric_alarm.cpu_low.alarm_actions == toset([aws_appautoscaling_policy.scale_down.arn])
    error_message = "Each alarm must trigger its own policy."
  }
}

run "step_policies_add_and_remove_one_task_with_a_300s_cooldown" {
  command = plan

  assert {
    condition     = aws_appautoscaling_policy.scale_up.policy_type == "StepScaling" && one(aws_appautoscaling_policy.scale_up.step_scaling_policy_configuration).adjustment_type == "ChangeInCapacity" && one(aws_appautoscaling_policy.scale_up.step_scaling_policy_configuration).cooldown == 300
    error_message = "Scale-up must be a ChangeInCapacity step policy with a 300 s cooldown."
  }

  assert {
    condition     = [for s in one(aws_appautoscaling_policy.scale_up.step_scaling_policy_configuration).step_adjustment : s.scaling_adjustment] == [1] && [for s in one(aws_appautoscaling_policy.scale_up.step_scaling_policy_configuration).step_adjustment : s.metric_interval_lower_bound] == ["0"]
    error_message = "Scale-up must add 1 task whenever the alarm breaches."
  }

  assert {
    condition     = aws_appautoscaling_policy.scale_down.policy_type == "StepScaling" && one(aws_appautoscaling_policy.scale_down.step_scaling_policy_configuration).cooldown == 300
    error_message = "Scale-down must be a step policy with a 300 s cooldown."
  }

  assert {
    condition     = [for s in one(aws_appautoscaling_policy.scale_down.step_scaling_policy_configuration).step_adjustment : s.scaling_adjustment] == [-1] && [for s in one(aws_appautoscaling_policy.scale_down.step_scaling_policy_configuration).step_adjustment : s.metric_interval_upper_bound] == ["0"]
    error_message = "Scale-down must remove 1 task whenever the alarm breaches."
  }
}

run "cpu_alarms_70_and_20_over_two_five_minute_periods" {
  command = plan

  assert {
    condition     = aws_cloudwatch_metric_alarm.cpu_high.comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.cpu_high.threshold == 70 && aws_cloudwatch_metric_alarm.cpu_high.period == 300 && aws_cloudwatch_metric_alarm.cpu_high.evaluation_periods == 2
    error_message = "The high alarm must fire above 70% for 2 periods of 300 s."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.cpu_low.comparison_operator == "LessThanThreshold" && aws_cloudwatch_metric_alarm.cpu_low.threshold == 20 && aws_cloudwatch_metric_alarm.cpu_low.period == 300 && aws_cloudwatch_metric_alarm.cpu_low.evaluation_periods == 2
    error_message = "The low alarm must fire below 20% for 2 periods of 300 s."
  }

  assert {
    condition     = alltrue([for a in [aws_cloudwatch_metric_alarm.cpu_high, aws_cloudwatch_metric_alarm.cpu_low] : a.namespace == "AWS/ECS" && a.metric_name == "CPUUtilization" && a.statistic == "Average" && a.dimensions == tomap({ ClusterName = "mediaserver-cluster", ServiceName = "mediaserver-service" })])
    error_message = "Both alarms must watch the service's average CPU."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    cpu_low_threshold = 80
    period_seconds    = 90
    cooldown_seconds  = -1
  }

  expect_failures = [var.cpu_low_threshold, var.period_seconds, var.cooldown_seconds]
}

run "min_must_not_exceed_max" {
  command = plan

  variables {
    min_capacity = 5
    max_capacity = 3
  }

  expect_failures = [aws_appautoscaling_target.this]
}
