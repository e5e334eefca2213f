"""Solvers behind the services: the constraint model of a programme (CP-SAT)."""
