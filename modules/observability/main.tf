resource "aws_sns_topic" "alarms" {
  name              = "sns-alarms-${var.environment}"
  kms_master_key_id = var.kms_key_arn

  tags = merge(var.tags, { Name = "sns-alarms-${var.environment}" })
}

# No email subscription: it would wait for a confirmation click. Add subscribers
# after deployment.
data "aws_iam_policy_document" "alarms_topic" {
  statement {
    sid = "AllowAccountToManageTheTopic"
    actions = [
      "sns:GetTopicAttributes",
      "sns:SetTopicAttributes",
      "sns:AddPermission",
      "sns:RemovePermission",
      "sns:DeleteTopic",
      "sns:Subscribe",
      "sns:ListSubscriptionsByTopic",
      "sns:Publish",
    ]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${var.account_id}:root"]
    }
  }

  statement {
    sid       = "AllowCloudWatchAlarmsToPublish"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.alarms.arn]

    principals {
      type        = "Service"
      identifiers = ["cloudwatch.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [var.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "alarms" {
  arn    = aws_sns_topic.alarms.arn
  policy = data.aws_iam_policy_document.alarms_topic.json
}

resource "aws_cloudwatch_log_group" "app" {
  # checkov:skip=CKV_AWS_338: one-day retention is required for the dev environment (clean, cheap teardown)
  name              = var.app_log_group_name
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn

  tags = merge(var.tags, { Name = var.app_log_group_name })
}

resource "aws_cloudwatch_metric_alarm" "asg_cpu" {
  alarm_name          = "alarm-asg-cpu-high-${var.environment}"
  alarm_description   = "Average CPU of ${var.asg_name} above ${var.asg_cpu_threshold}% for two consecutive five-minute periods."
  namespace           = "AWS/EC2"
  metric_name         = "CPUUtilization"
  dimensions          = { AutoScalingGroupName = var.asg_name }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.asg_cpu_threshold
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = merge(var.tags, { Name = "alarm-asg-cpu-high-${var.environment}" })
}

resource "aws_cloudwatch_metric_alarm" "alb_unhealthy_hosts" {
  alarm_name          = "alarm-alb-unhealthy-hosts-${var.environment}"
  alarm_description   = "At least one unhealthy ALB target for two consecutive one-minute periods."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "UnHealthyHostCount"
  dimensions          = { LoadBalancer = var.alb_arn_suffix, TargetGroup = var.target_group_arn_suffix }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = merge(var.tags, { Name = "alarm-alb-unhealthy-hosts-${var.environment}" })
}

resource "aws_cloudwatch_metric_alarm" "aurora_cpu" {
  alarm_name          = "alarm-aurora-cpu-high-${var.environment}"
  alarm_description   = "Aurora cluster CPU above ${var.aurora_cpu_threshold}% for two consecutive five-minute periods."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBClusterIdentifier = var.aurora_cluster_id }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.aurora_cpu_threshold
  treat_missing_data  = "missing"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]

  tags = merge(var.tags, { Name = "alarm-aurora-cpu-high-${var.environment}" })
}

# The fourth alarm: targets answering 5xx is what users see first when the app
# breaks while the hosts still pass health checks.
resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "alarm-alb-target-5xx-${var.environment}"
  alarm_description   = "More than ${var.alb_5xx_threshold} target 5xx responses per five minutes, twice in a row."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = var.alb_arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alb_5xx_threshold
  # No 5xx responses means no data points: that is healthy, not unknown.
  treat_missing_data = "notBreaching"
  alarm_actions      = [aws_sns_topic.alarms.arn]
  ok_actions         = [aws_sns_topic.alarms.arn]

  tags = merge(var.tags, { Name = "alarm-alb-target-5xx-${var.environment}" })
}

resource "aws_cloudwatch_dashboard" "this" {
  dashboard_name = "dashboard-streaming-${var.environment}"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title   = "ALB request count"
          region  = var.region
          stat    = "Sum"
          period  = 300
          metrics = [["AWS/ApplicationELB", "RequestCount", "LoadBalancer", var.alb_arn_suffix]]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title   = "ALB target response time"
          region  = var.region
          stat    = "Average"
          period  = 300
          metrics = [["AWS/ApplicationELB", "TargetResponseTime", "LoadBalancer", var.alb_arn_suffix]]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title   = "EC2 CPU utilisation (Auto Scaling group)"
          region  = var.region
          stat    = "Average"
          period  = 300
          metrics = [["AWS/EC2", "CPUUtilization", "AutoScalingGroupName", var.asg_name]]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title   = "Aurora database connections"
          region  = var.region
          stat    = "Average"
          period  = 300
          metrics = [["AWS/RDS", "DatabaseConnections", "DBClusterIdentifier", var.aurora_cluster_id]]
        }
      },
    ]
  })
}
