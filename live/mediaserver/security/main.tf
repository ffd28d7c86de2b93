module "security" {
  source = "../../../modules/service-security"

  name   = var.name
  vpc_id = var.vpc_id
}
