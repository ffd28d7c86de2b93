module "compute" {
  source = "../../../modules/compute"

  environment           = var.environment
  vpc_id                = var.vpc_id
  public_subnet_ids     = var.public_subnet_ids
  private_subnet_ids    = var.private_subnet_ids
  alb_security_group_id = var.alb_security_group_id
  ec2_security_group_id = var.ec2_security_group_id
  instance_profile_name = var.ec2_instance_profile_name
  iam_dependency_ids    = var.ec2_iam_dependency_ids
  instance_type         = var.instance_type
}
