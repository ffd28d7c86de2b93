mock_provider "aws" {
  # The real provider validates repository policies as JSON: the mock must return some.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
}

variables {
  pull_principal_arns = ["arn:aws:iam::123456789012:role/mediaserver-ecs-task-execution-role"]
}

run "repository_scans_on_push_with_mutable_tags" {
  command = apply

  assert {
    condition     = aws_ecr_repository.this.name == "mediaserver" && aws_ecr_repository.this.image_tag_mutability == "MUTABLE"
    error_message = "The repository must be mediaserver with MUTABLE tags."
  }

  assert {
    condition     = aws_ecr_repository.this.image_scanning_configuration[0].scan_on_push == true
    error_message = "Images must be scanned on push."
  }
}

run "only_the_execution_role_pulls" {
  command = plan

  assert {
    condition     = length(data.aws_iam_policy_document.pull.statement) == 1 && one(data.aws_iam_policy_document.pull.statement[0].principals).identifiers == toset(["arn:aws:iam::123456789012:role/mediaserver-ecs-task-execution-role"])
    error_message = "The repository policy must name the task execution role as its only principal."
  }

  assert {
    condition     = data.aws_iam_policy_document.pull.statement[0].actions == toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
    error_message = "The role may only pull (no push, no delete)."
  }
}

run "lifecycle_keeps_10_tagged_and_5_untagged" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[0].selection == { tagStatus = "untagged", countType = "imageCountMoreThan", countNumber = 5 }
    error_message = "The first rule must keep the last 5 untagged images."
  }

  assert {
    condition     = jsondecode(aws_ecr_lifecycle_policy.this.policy).rules[1].selection == { tagStatus = "tagged", tagPatternList = ["*"], countType = "imageCountMoreThan", countNumber = 10 }
    error_message = "The second rule must keep the last 10 tagged images."
  }

  assert {
    condition     = alltrue([for r in jsondecode(aws_ecr_lifecycle_policy.this.policy).rules : r.action.type == "expire"])
    error_message = "Both rules must expire the images beyond the count."
  }
}

run "rejects_invalid_input" {
  command = plan

  variables {
    name                  = "MediaServer"
    pull_principal_arns   = ["*"]
    tagged_images_to_keep = 0
  }

  expect_failures = [var.name, var.pull_principal_arns, var.tagged_images_to_keep]
}
