"""The public portal: thin views over the domain apps."""
