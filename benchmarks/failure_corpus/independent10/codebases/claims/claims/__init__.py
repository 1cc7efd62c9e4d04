"""Insurance claims handling: intake, policies, premiums, fraud checks, payouts and reporting."""
