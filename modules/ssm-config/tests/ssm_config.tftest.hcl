mock_provider "aws" {
  mock_resource "aws_ssm_parameter" {
    defaults = {
      arn = "arn:aws:ssm:us-west-2:123456789012:parameter/mediaserver/jwt-secret"
    }
  }
}

variables {
  region      = "us-west-2"
  bucket_name = "mediaserver-storage-123456789012"
  jwt_secret  = "0123456789abcdefghijklmnopqrstuv"
  tags        = { Project = "mediaserver" }
}

run "three_parameters_under_the_service_path" {
  command = apply

  assert {
    condition     = aws_ssm_parameter.jwt_secret.name == "/mediaserver/jwt-secret" && aws_ssm_parameter.jwt_secret.type == "SecureString" && aws_ssm_parameter.jwt_secret.key_id == "alias/aws/ssm"
    error_message = "/mediaserver/jwt-secret must be a SecureString under the aws/ssm key."
  }

  assert {
    condition     = aws_ssm_parameter.s3_bucket_name.name == "/mediaserver/s3-bucket-name" && aws_ssm_parameter.s3_bucket_name.type == "String" && aws_ssm_parameter.s3_bucket_name.value == "mediaserver-storage-123456789012"
    error_message = "/mediaserver/s3-bucket-name must be a String holding the bucket name."
  }

  assert {
    condition     = aws_ssm_parameter.app_config.name == "/mediaserver/app-config" && aws_ssm_parameter.app_config.type == "String"
    error_message = "/mediaserver/app-config must be a String."
  }

  assert {
    condition     = jsondecode(aws_ssm_parameter.app_config.value) == { NODE_ENV = "production", AWS_REGION = "us-west-2", S3_BUCKET = "mediaserver-storage-123456789012", APP_PORT = 3000 }
    error_message = "app-config must be the JSON of NODE_ENV, AWS_REGION, S3_BUCKET and APP_PORT."
  }

  assert {
    condition     = length(output.parameter_arns) == 3
    error_message = "All three parameter ARNs are handed to the execution role."
  }
}

run "the_secret_is_write_only" {
  command = plan

  # value_wo is never persisted: the planned value is null, and only the version is kept.
  assert {
    condition     = aws_ssm_parameter.jwt_secret.value_wo == null && aws_ssm_parameter.jwt_secret.value_wo_version == 1
    error_message = "The JWT secret must be written write-only (value_wo), version 1."
  }
}

run "rejects_a_secret_that_is_not_32_characters" {
  command = plan

  variables {
    jwt_secret = "too-short"
  }

  expect_failures = [var.jwt_secret]
}

run "rejects_invalid_input" {
  command = plan

  variables {
    region             = "Oregon"
    node_env           = "prod"
    jwt_secret_version = 0
  }

  expect_failures = [var.region, var.node_env, var.jwt_secret_version]
}
