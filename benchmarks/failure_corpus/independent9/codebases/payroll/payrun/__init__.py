"""Payroll service: timesheets in, payslips, bank payments and reports out."""
