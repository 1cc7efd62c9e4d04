"""Compact built-in word lists for generated names, emails and text (no Faker needed)."""

from __future__ import annotations

FIRST_NAMES = (
    "Ada", "Alan", "Alice", "Amara", "Amir", "Ana", "Andrea", "Anna", "Arjun", "Aurora",
    "Ben", "Bianca", "Carla", "Carlos", "Chen", "Chloe", "Daniel", "David", "Diego", "Elena",
    "Eli", "Emma", "Erik", "Eva", "Farah", "Felix", "Fatima", "Gabriel", "Grace", "Hana",
    "Hannah", "Hugo", "Ines", "Isaac", "Ivan", "Jack", "Jana", "Javier", "Jin", "Julia",
    "Kai", "Karim", "Kate", "Kenji", "Lara", "Laura", "Leo", "Lina", "Linus", "Lucas",
    "Lucia", "Maya", "Marco", "Maria", "Mei", "Mia", "Mohamed", "Nadia", "Nina", "Noah",
    "Nora", "Olga", "Omar", "Oscar", "Paula", "Pedro", "Priya", "Rafael", "Rana", "Ravi",
    "Rosa", "Ruth", "Sam", "Sara", "Sofia", "Sven", "Tara", "Theo", "Tomas", "Uma",
    "Victor", "Vera", "Wei", "Yara", "Yusuf", "Zoe", "Zara", "Liam", "Olivia", "Ethan",
    "Ingrid", "Joao", "Aiko", "Bruno", "Clara", "Dmitri", "Esther", "Femi", "Goran", "Hiro",
)

LAST_NAMES = (
    "Adams", "Ahmed", "Alvarez", "Andersen", "Baker", "Banerjee", "Becker", "Bianchi",
    "Brown", "Castro", "Chen", "Clark", "Costa", "Cruz", "Dubois", "Eriksen", "Evans",
    "Fischer", "Fernandes", "Garcia", "Gomez", "Gupta", "Hansen", "Hartmann", "Hernandez",
    "Hill", "Hoffmann", "Ibrahim", "Ivanova", "Jensen", "Johnson", "Kaur", "Khan", "Kim",
    "Klein", "Kowalski", "Kumar", "Larsen", "Laurent", "Lee", "Lopez", "Lovelace", "Martin",
    "Meyer", "Moreau", "Moreno", "Murphy", "Nakamura", "Nguyen", "Novak", "Okafor",
    "Olsen", "Ortiz", "Park", "Patel", "Perez", "Petrov", "Popescu", "Quinn", "Ramos",
    "Reyes", "Richter", "Rossi", "Russo", "Sato", "Schmidt", "Schneider", "Silva", "Singh",
    "Smith", "Sousa", "Suzuki", "Tanaka", "Taylor", "Torres", "Turing", "Vargas", "Wagner",
    "Walker", "Wang", "Weber", "Wilson", "Wright", "Yamamoto", "Young", "Zhang", "Ziegler",
    "Hopper", "Nilsen", "Mendes", "Varga", "Horvat", "Haddad", "Mensah", "Osei", "Bauer",
    "Lindqvist", "Kovacs", "Yilmaz", "Demir",
)

#: Reserved for documentation and tests (RFC 2606): generated emails never reach anyone.
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example", "shop.example")

WORDS = (
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed",
    "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna",
    "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco",
    "laboris", "nisi", "aliquip", "ex", "ea", "commodo", "consequat", "duis", "aute",
    "irure", "in", "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat",
    "nulla", "pariatur", "excepteur", "sint", "occaecat", "cupidatat", "non", "proident",
    "sunt", "culpa", "qui", "officia", "deserunt", "mollit", "anim", "id", "est", "laborum",
)
