module "registry" {
  source = "../../../modules/ecr"

  name                = var.name
  pull_principal_arns = [var.execution_role_arn]
}
