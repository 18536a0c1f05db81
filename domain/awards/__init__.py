"""After the award: confirmation letters, contracts, the service clock, evaluations and enquiries."""
