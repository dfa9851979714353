// Static analysis and lint checks.
