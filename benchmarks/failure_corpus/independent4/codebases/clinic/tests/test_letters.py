from clinic import letters


def test_letter_rendered(settings):
    page = letters.render(settings, {"name": "Lena Brandt", "clinician": "Dr. Miriam Hale",
                                     "when": "Monday 9 March, 09:00", "minutes": 30})
    assert page["text"].startswith("Dear Lena Brandt,")
    assert page["bytes"] == letters.WIDTH * letters.HEIGHT * 3


def test_letter_for_long_procedure(settings):
    page = letters.render(settings, {"name": "Aylin Demir", "clinician": "Dr. Inés Vidal",
                                     "when": "Tuesday 10 March, 13:00", "minutes": 90})
    assert "(90 minutes)" in page["text"]
