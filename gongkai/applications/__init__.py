"""On-request disclosure (依申请公开): the statutory procedure as an event log."""
