"""Pushes: the transactional outbox, pub/sub, subscription resume cursors and webhook delivery."""
