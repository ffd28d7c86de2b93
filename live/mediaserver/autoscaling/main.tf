module "autoscaling" {
  source = "../../../modules/app-autoscaling"

  name         = var.name
  cluster_name = var.cluster_name
  service_name = var.service_name
}
