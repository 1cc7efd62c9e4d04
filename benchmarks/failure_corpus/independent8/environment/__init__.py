"""Partner services the parcel hub talks to, served locally for the nightly runs."""
