module "ecs" {
  source = "../../../modules/ecs-service"

  name                     = var.name
  region                   = var.region
  image_repository_url     = var.repository_url
  image_tag                = var.image_tag
  bucket_name              = var.bucket_name
  jwt_secret_parameter_arn = var.jwt_secret_parameter_arn
  execution_role_arn       = var.execution_role_arn
  task_role_arn            = var.task_role_arn
  iam_dependency_ids       = var.iam_dependency_ids
  log_group_name           = var.ecs_log_group_name
  subnet_ids               = var.public_subnet_ids
  security_group_ids       = [var.tasks_security_group_id]
  target_group_arn         = var.target_group_arn
  listener_arn             = var.listener_arn
}
