"""The Qt layer. Everything here sits on the core; no business rules live here."""
