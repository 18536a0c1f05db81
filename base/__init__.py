"""What every layer stands on: settings, observability's instruments, errors and their messages, the clock,
and the rules of administrative division codes. Imports nothing else of the package."""
