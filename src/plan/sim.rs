//! Simulated learners (filled in below).
