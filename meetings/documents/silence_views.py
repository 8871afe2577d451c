"""The silence procedure: putting a draft under silence and recording its outcome."""
