"""The staff back office under /staff/: thin views over the domain apps."""
