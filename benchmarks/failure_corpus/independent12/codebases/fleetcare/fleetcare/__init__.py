"""Fleet-maintenance scheduler: plans services, reserves parts and keeps depots' work queues."""
