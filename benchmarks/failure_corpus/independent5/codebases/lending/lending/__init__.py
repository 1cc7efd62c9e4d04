"""Loans, holds, fines and notices of a municipal library network."""
