"""Email: message building, the outbox written with the alerts, and the SMTP sender."""
