"""Pushes: the transactional outbox, pub/sub, subscription resume cursors and webhook delivery.
Empty until the result-push issue lands; the catalog has no events yet."""
