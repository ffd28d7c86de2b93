# The real provider validates what the mocks return: alarm actions and the topic policy
# need a real SNS ARN, and the policy document must render a JSON object.
mock_provider "aws" {
  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:us-west-2:123456789012:sns-alarms-dev"
    }
  }

  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  environment             = "dev"
  account_id              = "123456789012"
  region                  = "us-west-2"
  kms_key_arn             = "arn:aws:kms:us-west-2:123456789012:key/11111111-2222-3333-4444-555555555555"
  app_log_group_name      = "lg-app-logs-dev"
  asg_name                = "asg-app-dev"
  alb_arn_suffix          = "app/alb-web-dev/0123456789abcdef"
  target_group_arn_suffix = "targetgroup/tg-web-dev/0123456789abcdef"
  aurora_cluster_id       = "aurora-cluster-dev"
  tags                    = { Team = "platform" }
}

run "encrypted_topic_that_cloudwatch_may_publish_to" {
  command = plan

  assert {
    condition     = aws_sns_topic.alarms.name == "sns-alarms-dev" && aws_sns_topic.alarms.kms_master_key_id == var.kms_key_arn
    error_message = "The alarm topic must be sns-alarms-dev, encrypted with the customer-managed key."
  }

  assert {
    condition     = data.aws_iam_policy_document.alarms_topic.statement[1].actions == toset(["sns:Publish"]) && one(data.aws_iam_policy_document.alarms_topic.statement[1].principals).identifiers == toset(["cloudwatch.amazonaws.com"])
    error_message = "The topic policy must let CloudWatch publish."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.alarms_topic.statement[1].condition).variable == "aws:SourceAccount" && one(data.aws_iam_policy_document.alarms_topic.statement[1].condition).values == tolist(["123456789012"])
    error_message = "CloudWatch may publish only for alarms of this account (aws:SourceAccount)."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.alarms_topic.statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:root"])
    error_message = "The topic policy must keep the account in control first."
  }
}

run "log_group_keeps_one_day" {
  command = plan

  assert {
    condition     = aws_cloudwatch_log_group.app.name == "lg-app-logs-dev" && aws_cloudwatch_log_group.app.retention_in_days == 1 && aws_cloudwatch_log_group.app.kms_key_id == var.kms_key_arn
    error_message = "The app log group must keep logs one day, encrypted with the key."
  }
}

run "alarms_match_the_thresholds_and_periods" {
  assert {
    condition = (
      aws_cloudwatch_metric_alarm.asg_cpu.metric_name == "CPUUtilization" && aws_cloudwatch_metric_alarm.asg_cpu.namespace == "AWS/EC2"
      && aws_cloudwatch_metric_alarm.asg_cpu.statistic == "Average" && aws_cloudwatch_metric_alarm.asg_cpu.threshold == 80
      && aws_cloudwatch_metric_alarm.asg_cpu.comparison_operator == "GreaterThanThreshold"
      && aws_cloudwatch_metric_alarm.asg_cpu.period == 300 && aws_cloudwatch_metric_alarm.asg_cpu.evaluation_periods == 2
      && aws_cloudwatch_metric_alarm.asg_cpu.dimensions["AutoScalingGroupName"] == "asg-app-dev"
    )
    error_message = "The ASG CPU alarm must fire above 80% average for two consecutive five-minute periods."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.metric_name == "UnHealthyHostCount" && aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.threshold == 0
      && aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.comparison_operator == "GreaterThanThreshold" && aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.evaluation_periods == 2
      && aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.dimensions["TargetGroup"] == var.target_group_arn_suffix
      && aws_cloudwatch_metric_alarm.alb_unhealthy_hosts.dimensions["LoadBalancer"] == var.alb_arn_suffix
    )
    error_message = "The unhealthy-hosts alarm must fire when any target is unhealthy for two consecutive periods."
  }

  assert {
    condition = (
      aws_cloudwatch_metric_alarm.aurora_cpu.namespace == "AWS/RDS" && aws_cloudwatch_metric_alarm.aurora_cpu.metric_name == "CPUUtilization"
      && aws_cloudwatch_metric_alarm.aurora_cpu.threshold == 75 && aws_cloudwatch_metric_alarm.aurora_cpu.comparison_operator == "GreaterThanThreshold"
      && aws_cloudwatch_metric_alarm.aurora_cpu.dimensions["DBClusterIdentifier"] == "aurora-cluster-dev"
    )
    error_message = "The Aurora CPU alarm must fire above 75%."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.alb_5xx.metric_name == "HTTPCode_Target_5XX_Count" && aws_cloudwatch_metric_alarm.alb_5xx.treat_missing_data == "notBreaching" && aws_cloudwatch_metric_alarm.alb_5xx.namespace == "AWS/ApplicationELB" && aws_cloudwatch_metric_alarm.alb_5xx.dimensions["LoadBalancer"] == var.alb_arn_suffix && aws_cloudwatch_metric_alarm.alb_5xx.period == 300 && aws_cloudwatch_metric_alarm.alb_5xx.evaluation_periods == 2
    error_message = "The fourth alarm must watch target 5xx responses, treating no data as healthy."
  }

  assert {
    condition = alltrue([
      for a in [aws_cloudwatch_metric_alarm.asg_cpu, aws_cloudwatch_metric_alarm.alb_unhealthy_hosts, aws_cloudwatch_metric_alarm.aurora_cpu, aws_cloudwatch_metric_alarm.alb_5xx] :
      a.alarm_actions == toset([aws_sns_topic.alarms.arn])
    ])
    error_message = "Every alarm must notify the SNS topic."
  }

  assert {
    condition     = length(distinct([output.asg_cpu_alarm_name, output.alb_unhealthy_hosts_alarm_name, output.aurora_cpu_alarm_name, output.alb_5xx_alarm_name])) == 4
    error_message = "The four alarm-name outputs must name four distinct alarms."
  }
}

run "dashboard_shows_the_four_key_metrics" {
  command = plan

  assert {
    condition     = aws_cloudwatch_dashboard.this.dashboard_name == "dashboard-streaming-dev"
    error_message = "The dashboard must be dashboard-streaming-dev."
  }

  assert {
    condition = toset([for w in jsondecode(aws_cloudwatch_dashboard.this.dashboard_body).widgets : w.properties.metrics[0][1]]) == toset([
      "RequestCount", "TargetResponseTime", "CPUUtilization", "DatabaseConnections"
    ])
    error_message = "The dashboard must show ALB requests, target response time, EC2 CPU and Aurora connections."
  }
}

# Each invalid value below must be rejected by its own variable's validation.
run "rejects_invalid_input" {
  command = plan

  variables {
    log_retention_days = 2
    asg_cpu_threshold  = 120
    kms_key_arn        = "alias/aws/sns"
  }

  expect_failures = [
    var.log_retention_days,
    var.asg_cpu_threshold,
    var.kms_key_arn,
  ]
}
