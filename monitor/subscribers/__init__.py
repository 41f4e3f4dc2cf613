"""Subscribers: subscriptions with double opt-in and what each one follows."""
