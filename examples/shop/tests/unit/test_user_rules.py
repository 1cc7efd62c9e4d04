"""Sign-up and profile validation, and password hashing."""

from __future__ import annotations

import pytest
from services import domain

pytestmark = pytest.mark.unit

VALID_SIGNUP = {"email": "Ann@Example.test", "username": "ann", "password": "Secret123"}


@pytest.mark.parametrize(
    "email", ["ann@example.test", "a.b+tag@mail.example.co.uk", "X_Y%z@sub-domain.io"]
)
def test_valid_emails_are_lower_cased(email: str) -> None:
    assert domain.validate_email(f" {email} ") == email.lower()


@pytest.mark.parametrize(
    "email", ["not-an-email", "@example.com", "user@", "", "user@localhost", "a b@example.test"]
)
def test_invalid_emails(email: str) -> None:
    with pytest.raises(domain.ValidationError, match="Invalid email format") as caught:
        domain.validate_email(email)
    assert caught.value.field == "email"


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1", "too short"),
        ("lettersonly", "a letter and a digit"),
        ("12345678", "a letter and a digit"),
        ("A1" * 65, "too long"),
    ],
)
def test_password_rules(password: str, message: str) -> None:
    with pytest.raises(domain.ValidationError, match=message):
        domain.validate_password(password)


@pytest.mark.parametrize("username", ["ab", "has space", "x" * 33, "émile"])
def test_invalid_usernames(username: str) -> None:
    with pytest.raises(domain.ValidationError, match="Invalid username"):
        domain.validate_username(username)


def test_registration_is_normalised() -> None:
    assert domain.validate_registration({**VALID_SIGNUP, "full_name": "  Ann Lee "}) == {
        "email": "ann@example.test",
        "username": "ann",
        "password": "Secret123",
        "full_name": "Ann Lee",
    }


@pytest.mark.parametrize("missing", ["email", "username", "password"])
def test_registration_names_the_missing_field(missing: str) -> None:
    payload = {k: v for k, v in VALID_SIGNUP.items() if k != missing}
    with pytest.raises(domain.ValidationError, match=f"Missing required field: {missing}"):
        domain.validate_registration(payload)


class TestProfileUpdate:
    def test_accepts_a_subset_of_fields(self) -> None:
        assert domain.validate_profile_update({"full_name": "Ann"}) == {"full_name": "Ann"}

    def test_rejects_unknown_fields(self) -> None:
        with pytest.raises(domain.ValidationError, match="Unknown field\\(s\\): id, password"):
            domain.validate_profile_update({"password": "x", "id": 3, "full_name": "Ann"})

    def test_rejects_an_empty_update(self) -> None:
        with pytest.raises(domain.ValidationError, match="No fields to update"):
            domain.validate_profile_update({})


class TestPasswordHashing:
    ITERATIONS = 1_000  # the rules, not the cost, are under test here

    def test_hash_round_trip(self) -> None:
        encoded = domain.hash_password("Secret123", self.ITERATIONS)
        assert encoded.startswith(f"pbkdf2_sha256${self.ITERATIONS}$")
        assert domain.verify_password("Secret123", encoded)
        assert not domain.verify_password("Secret124", encoded)

    def test_salts_differ(self) -> None:
        first, second = (domain.hash_password("Secret123", self.ITERATIONS) for _ in range(2))
        assert first != second

    @pytest.mark.parametrize("encoded", ["", "md5$1$00$00", "pbkdf2_sha256$1000$zz"])
    def test_malformed_hashes_never_match(self, encoded: str) -> None:
        assert not domain.verify_password("Secret123", encoded)

    def test_token_digest_hides_the_token(self) -> None:
        digest = domain.token_digest("abc")
        assert len(digest) == 64 and "abc" not in digest
