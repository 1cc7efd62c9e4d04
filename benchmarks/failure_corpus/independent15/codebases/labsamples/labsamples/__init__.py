"""Lab-sample tracker: registration, storage, aliquots, LIMS orders, couriers and reports."""
