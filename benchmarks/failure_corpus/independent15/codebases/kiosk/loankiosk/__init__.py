"""Self-service library-loan kiosk: checkouts, returns, holds, fines, notices and receipts."""
