"""Users and organisations as the unified identity system knows them: who sees them."""
