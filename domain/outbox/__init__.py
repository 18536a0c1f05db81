"""The transactional outbox: events recorded in the writing transaction, their types, and the feed that reads
them back in commit order. Delivery (pub/sub, webhooks) lives in `events`, above the domain."""
