# Adopt the strategy of cluster 102, and of tenant 7 of cluster 105.
import {
  to = ocp_backup_strategy.payments
  id = "102"
}

import {
  to = ocp_backup_strategy.orders_tenant
  id = "105/7"
}
