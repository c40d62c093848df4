"""政府信息更正申请: requests to correct inaccurate government information about the requester
(《中华人民共和国政府信息公开条例》第四十一条).

A separate request type, not an `Application`: it has its own model, workflow, letters and
(local-practice) time limit, and is not counted in table 三 of the annual report. The pieces:

* `models`: `CorrectionRequest` with its append-only `CorrectionEvent` log, evidence files and
  issued letters;
* `services`: every write (one transaction, one audit event);
* `evidence`: checking uploaded evidence by content (PDF, JPEG, PNG);
* `letters`: the 告知书 stating the decision and the remedy;
* `views`, `staff_views`, `forms`, `demo`.
"""
