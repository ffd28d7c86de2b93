module "alb" {
  source = "../../../modules/alb"

  name               = var.name
  vpc_id             = var.vpc_id
  subnet_ids         = var.public_subnet_ids
  security_group_ids = [var.alb_security_group_id]
}
