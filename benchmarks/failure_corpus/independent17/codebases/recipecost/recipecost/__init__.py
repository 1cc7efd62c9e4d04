"""Recipe costing: ingredient prices, recipe costs per portion, supplier quotes, exports."""
