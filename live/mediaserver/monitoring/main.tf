locals {
  # Names the ecs layer creates (modules/ecs-service): derived here, not read, so the
  # dashboard and log groups exist before the first task starts.
  cluster_name = "${var.name}-cluster"
  service_name = "${var.name}-service"
}

module "monitoring" {
  source = "../../../modules/service-monitoring"

  name            = var.name
  region          = var.region
  log_group_names = ["/ecs/${var.name}", "/aws/ecs/${var.name}/app"]
  cluster_name    = local.cluster_name
  service_name    = local.service_name
  bucket_name     = var.bucket_name
}
