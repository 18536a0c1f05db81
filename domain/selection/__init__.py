"""Selection methods (选取方式): how the winner of a project is chosen."""
