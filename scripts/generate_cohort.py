#!/usr/bin/env python3
"""Generate the sample cohort examples/data/people.csv.

A made-up but plausible organisation for demos, tests and benchmarks: a CEO, units with a
manager hierarchy, grades that go with experience, offices across Europe, the Americas
and Asia, languages with CEFR levels, skills with levels, and mentees who seek skills and
growth in named goal areas. About one mentor for every three mentees; mentors are mostly
the more senior people. The same seed and count always give the same file, byte for byte.

    scripts/generate_cohort.py                      # writes examples/data/people.csv
    scripts/generate_cohort.py --count 2000 --seed 7 --output /tmp/people.csv --verbose

The columns are documented in docs/participants.md. Python 3 standard library only.
"""

import argparse
import csv
import random
import sys
import unicodedata
from pathlib import Path

COLUMNS = [
    "id", "name", "email", "role", "org_unit", "manager_id", "grade", "years_experience",
    "location", "utc_offset", "languages", "skills", "skills_sought", "interests", "goal_areas",
    "values_sought", "mentor_capacity", "network", "exclusions",
]

# Offices: (city, standard UTC offset in minutes, local language or None, naming culture).
# Standard time all year: the sample is about spread, not daylight saving.
OFFICES = {
    "London": (0, None, "en"),
    "Dublin": (0, None, "en"),
    "Lisbon": (0, "pt", "pt"),
    "Berlin": (60, "de", "de"),
    "Paris": (60, "fr", "fr"),
    "Madrid": (60, "es", "es"),
    "Warsaw": (60, "pl", "pl"),
    "Stockholm": (60, "sv", "sv"),
    "Helsinki": (120, "fi", "fi"),
    "Athens": (120, "el", "el"),
    "New York": (-300, None, "us"),
    "Toronto": (-300, "fr", "us"),
    "Chicago": (-360, None, "us"),
    "Austin": (-360, "es", "us"),
    "San Francisco": (-480, None, "us"),
    "Mexico City": (-360, "es", "es"),
    "São Paulo": (-180, "pt", "pt"),
    "St. John's": (-210, None, "us"),
    "Bangalore": (330, "hi", "in"),
    "Kathmandu": (345, "ne", "in"),
    "Singapore": (480, "zh", "sg"),
    "Tokyo": (540, "ja", "ja"),
    "Sydney": (600, None, "en"),
}

NAMES = {
    "en": (["Olivia", "James", "Amelia", "Oliver", "Grace", "Harry", "Chloe", "Jack", "Megan", "Connor",
            "Siobhan", "Aidan", "Ruth", "Callum", "Niamh", "Tom", "Isla", "Rhys", "Zoë", "Kwame"],
           ["Smith", "Taylor", "Walsh", "O'Brien", "Murphy", "Evans", "Hughes", "Campbell", "Reid",
            "Clarke", "Patel", "Okafor", "Kelly", "Byrne", "Wright", "Mensah"]),
    "us": (["Emily", "Michael", "Madison", "Daniel", "Ashley", "Tyler", "Jasmine", "Marcus", "Hannah",
            "Andre", "Sofia", "Ethan", "Keisha", "Brandon", "Mei", "Carlos", "Rachel", "Jamal"],
           ["Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Nguyen",
            "Washington", "Kim", "Lopez", "Cohen", "Jackson", "Tremblay", "Singh", "Chen"]),
    "pt": (["João", "Ana", "Pedro", "Beatriz", "Lucas", "Mariana", "Tiago", "Inês", "Rafael", "Larissa"],
           ["Silva", "Santos", "Ferreira", "Costa", "Oliveira", "Almeida", "Rodrigues", "Carvalho"]),
    "de": (["Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Paul", "Katrin", "Niklas", "Jana"],
           ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Yılmaz"]),
    "fr": (["Camille", "Louis", "Chloé", "Hugo", "Léa", "Julien", "Manon", "Antoine", "Inès", "Théo"],
           ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Girard", "Benali"]),
    "es": (["Lucía", "Javier", "Carmen", "Alejandro", "Paula", "Diego", "Elena", "Mateo", "Valeria", "Pablo"],
           ["García", "Fernández", "López", "Martínez", "Sánchez", "Hernández", "Ruiz", "Navarro"]),
    "pl": (["Zofia", "Jakub", "Maja", "Kacper", "Ola", "Piotr", "Natalia", "Tomasz"],
           ["Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamiński", "Lewandowska", "Zieliński"]),
    "sv": (["Elsa", "Erik", "Astrid", "Oskar", "Maja", "Nils", "Ingrid", "Axel"],
           ["Andersson", "Johansson", "Karlsson", "Nilsson", "Lindqvist", "Berg"]),
    "fi": (["Aino", "Eero", "Helmi", "Juho", "Sanna", "Mikko", "Veera", "Ilkka"],
           ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Laine", "Heikkinen"]),
    "el": (["Eleni", "Giorgos", "Maria", "Nikos", "Katerina", "Dimitris", "Sofia", "Yannis"],
           ["Papadopoulos", "Georgiou", "Nikolaou", "Karagianni", "Vlachos", "Oikonomou"]),
    "in": (["Priya", "Arjun", "Ananya", "Rohan", "Kavya", "Vikram", "Sneha", "Aditya", "Meera", "Sanjay",
            "Bishal", "Sita"],
           ["Sharma", "Iyer", "Reddy", "Nair", "Gupta", "Rao", "Menon", "Shrestha", "Thapa", "Krishnan"]),
    "sg": (["Wei Ling", "Jun Jie", "Hui Min", "Darren", "Nurul", "Arun", "Siew Mei", "Marcus", "Farah"],
           ["Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Rahman", "Pillai"]),
    "ja": (["Yuki", "Haruto", "Sakura", "Ren", "Aoi", "Sota", "Hina", "Kenji", "Mei", "Takumi"],
           ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"]),
}

# Units: (name, share of the organisation, offices weighted, skill catalogue of the unit).
UNITS = [
    ("Engineering", 0.26, {"Berlin": 4, "London": 2, "Bangalore": 4, "San Francisco": 2, "Warsaw": 3,
                           "Kathmandu": 1, "Toronto": 1},
     ["python", "c++", "system design", "cloud architecture", "security", "testing", "devops",
      "code review", "distributed systems", "mobile development"]),
    ("Data & AI", 0.10, {"London": 2, "Bangalore": 2, "Toronto": 2, "Stockholm": 1, "Helsinki": 1},
     ["data analysis", "machine learning", "sql", "statistics", "data visualisation", "python",
      "experiment design"]),
    ("Product & Design", 0.11, {"Berlin": 2, "San Francisco": 2, "Lisbon": 2, "Stockholm": 1, "Tokyo": 1},
     ["product strategy", "user research", "roadmapping", "interaction design", "prioritisation",
      "data analysis"]),
    ("Sales", 0.16, {"New York": 3, "London": 2, "Chicago": 2, "Singapore": 2, "São Paulo": 2, "Sydney": 1,
                     "Mexico City": 1, "Paris": 1, "Tokyo": 1, "St. John's": 1},
     ["negotiation", "account management", "solution selling", "forecasting", "prospecting",
      "contract law"]),
    ("Marketing", 0.09, {"New York": 2, "Paris": 2, "Madrid": 2, "Austin": 1, "Singapore": 1},
     ["brand strategy", "content marketing", "seo", "market research", "copywriting", "data analysis"]),
    ("Customer Success", 0.11, {"Dublin": 3, "Austin": 2, "Mexico City": 2, "Athens": 1, "Sydney": 1,
                                "Lisbon": 1},
     ["customer onboarding", "account management", "conflict resolution", "process improvement",
      "technical writing"]),
    ("Finance", 0.08, {"London": 2, "New York": 2, "Warsaw": 1, "Singapore": 1},
     ["financial modelling", "budgeting", "risk management", "accounting", "excel", "forecasting"]),
    ("People", 0.09, {"Dublin": 1, "Berlin": 1, "Madrid": 1, "Chicago": 1, "Bangalore": 1},
     ["coaching", "recruiting", "employment law", "organisational design", "facilitation",
      "conflict resolution"]),
]

# Skills anyone may have, and that grow with seniority.
GENERAL_SKILLS = ["public speaking", "stakeholder management", "project management", "writing",
                  "presentation", "time management", "mentoring"]
LEADERSHIP_SKILLS = ["people management", "strategic thinking", "change management", "negotiation",
                     "executive presence", "hiring"]

GOAL_AREAS_EARLY = ["technical depth", "visibility", "confidence", "networking", "work-life balance",
                    "communication"]
GOAL_AREAS_MID = ["leadership", "promotion readiness", "cross-functional collaboration", "visibility",
                  "strategic thinking", "work-life balance", "career change"]
# Values and behaviours a mentee wants to adopt (the names of config/catalogs/values.yaml).
VALUES = ["integrity", "accountability", "giving credit", "inclusive leadership", "calm under pressure",
          "courage to speak up", "curiosity", "customer focus", "ownership", "respectful challenge",
          "work-life balance", "transparency"]

GOAL_AREAS_BOTH = ["executive presence", "leadership", "strategic thinking", "influence"]

INTERESTS = ["open source", "sustainability", "diversity and inclusion", "ai ethics", "startups",
             "running", "cycling", "photography", "chess", "music", "volunteering", "cooking",
             "travel", "reading", "hiking", "board games", "public policy", "design thinking",
             "behavioural economics", "parenting", "languages", "yoga"]

EXTRA_LANGUAGES = ["de", "fr", "es", "pt", "it", "nl", "ja", "zh", "ar", "pl", "sv"]


def ascii_fold(text):
    """'Müller' -> 'muller', "O'Brien" -> 'obrien': a plausible e-mail local part."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in plain.lower() if c.isalnum() or c == " ").replace(" ", "")


def weighted_choice(rng, weights):
    names = list(weights)
    return rng.choices(names, weights=[weights[n] for n in names])[0]


class Cohort:
    def __init__(self, seed, count):
        self.rng = random.Random(seed)
        # Values come from a generator of their own, so adding them left every other
        # column of the sample as it was.
        self.values_rng = random.Random(seed * 7919 + 1)
        self.count = count
        self.people = []
        self.emails = set()

    # ---- the organisation ------------------------------------------------------------

    def add_person(self, unit, grade, manager):
        rng = self.rng
        if unit is None:
            office = "London"
        else:
            office = weighted_choice(rng, unit[2]) if rng.random() < 0.85 else rng.choice(list(OFFICES))
        offset, _, culture = OFFICES[office]
        first = rng.choice(NAMES[culture][0])
        last = rng.choice(NAMES[culture][1])
        local = ascii_fold(first) + "." + ascii_fold(last)
        email = local + "@example.org"
        n = 2
        while email in self.emails:
            email = "%s%d@example.org" % (local, n)
            n += 1
        self.emails.add(email)
        # Experience goes with grade, with the spread of career changers and fast risers.
        years = max(0.5, grade * 2.3 - 1.5 + rng.gauss(0, 2.0))
        person = {
            "id": "E%04d" % (len(self.people) + 1),
            "name": "%s %s" % (first, last),
            "email": email,
            "unit": unit,
            "org_unit": unit[0] if unit else "Executive Office",
            "manager": manager,
            "grade": grade,
            "years": round(years * 2) / 2,
            "office": office,
            "offset": offset,
        }
        self.people.append(person)
        return person

    def build_hierarchy(self):
        rng = self.rng
        ceo = self.add_person(None, 10, None)
        remaining = self.count - 1
        sizes = [max(3, int(round(share * remaining))) for _, share, _, _ in UNITS]
        # Rounding never leaves the total off by more than a few: settle it on the largest units.
        i = 0
        while sum(sizes) != remaining:
            step = 1 if sum(sizes) < remaining else -1
            target = sorted(range(len(UNITS)), key=lambda k: -sizes[k])[i % len(UNITS)]
            if sizes[target] + step >= 3:
                sizes[target] += step
            i += 1
        for unit, size in zip(UNITS, sizes):
            head = self.add_person(unit, 9, ceo)
            size -= 1
            managers = [self.add_person(unit, rng.choice([7, 8, 8]), head)
                        for _ in range(max(1, round(size / 22)))]
            size -= len(managers)
            leads = [self.add_person(unit, rng.choice([5, 6, 6, 7]), rng.choice(managers))
                     for _ in range(max(1, round(size / 7)))]
            size -= len(leads)
            for _ in range(size):
                # Individual contributors: mostly junior, some seasoned specialists.
                grade = rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 14, 16, 14, 9, 4])[0]
                self.add_person(unit, grade, rng.choice(leads))

    # ---- who mentors ---------------------------------------------------------------------

    def assign_roles(self):
        rng = self.rng
        # Seniority with some noise: not every senior person volunteers, some juniors do.
        ranked = sorted(self.people, key=lambda p: -(p["grade"] + rng.gauss(0, 0.8)))
        mentor_count = round(len(self.people) / 4)
        for i, person in enumerate(ranked):
            if person["manager"] is None:
                person["role"] = "mentor"  # the CEO
            elif i < mentor_count:
                person["role"] = "both" if person["grade"] <= 6 and rng.random() < 0.6 else "mentor"
            else:
                person["role"] = "mentee"

    # ---- profiles ------------------------------------------------------------------------

    def languages(self, person):
        rng = self.rng
        _, local, culture = OFFICES[person["office"]]
        out = []
        if culture in ("en", "us", "sg"):
            out.append(("en", "C2"))
            if culture == "sg":
                out.append((rng.choice(["zh", "ms", "ta"]), "C2"))
            elif local is not None and rng.random() < 0.3:
                # Toronto's French speakers, Austin's Spanish speakers.
                out.append((local, rng.choice(["B1", "B2", "C2"])))
        else:
            if culture == "in" and local == "hi":
                local = rng.choice(["hi", "hi", "kn", "ta", "te"])
            out.append((local, "C2"))
            english = ["B1", "B2", "C1", "C2"]
            weights = [1, 3, 5, 4] if culture == "in" else [1, 5, 6, 2]
            out.append(("en", rng.choices(english, weights=weights)[0]))
        if rng.random() < 0.35:
            extra = rng.choice(EXTRA_LANGUAGES)
            if extra not in [lang for lang, _ in out]:
                out.append((extra, rng.choice(["A1", "A2", "B1", "B2", "C1"])))
        return ";".join("%s:%s" % item for item in out)

    def skills(self, person):
        rng = self.rng
        grade = person["grade"]
        catalogue = person["unit"][3] if person["unit"] else LEADERSHIP_SKILLS
        top = min(5, 1 + (grade + 1) // 2)  # grade 1: 2 at most; grade 9: 5
        chosen = rng.sample(catalogue, k=min(len(catalogue), rng.randint(2, 4)))
        chosen += rng.sample(GENERAL_SKILLS, k=rng.randint(1, 2))
        if grade >= 6:
            chosen += rng.sample(LEADERSHIP_SKILLS, k=rng.randint(1, 3))
        levels = {}
        for skill in chosen:
            if skill not in levels:
                levels[skill] = max(1, min(5, top - rng.choice([0, 0, 1, 1, 2])))
        person["skill_levels"] = levels
        return ";".join("%s:%d" % (skill, level) for skill, level in levels.items())

    def growth(self, person):
        """skills_sought and goal_areas, for anyone who takes part as a mentee."""
        rng = self.rng
        if person["role"] == "mentor":
            return "", ""
        grade = person["grade"]
        if person["role"] == "both":
            areas = rng.sample(GOAL_AREAS_BOTH, k=rng.randint(1, 2))
        elif grade <= 3:
            areas = rng.sample(GOAL_AREAS_EARLY, k=rng.randint(1, 3))
        else:
            areas = rng.sample(GOAL_AREAS_MID, k=rng.randint(1, 3))
        held = person["skill_levels"]
        catalogue = person["unit"][3]
        if "career change" in areas:
            # Looking at another unit's work.
            other = rng.choice([u for u in UNITS if u is not person["unit"]])
            catalogue = other[3]
        wanted = [s for s in catalogue if held.get(s, 0) <= 2]
        sought = rng.sample(wanted, k=min(len(wanted), rng.randint(1, 2)))
        pool = LEADERSHIP_SKILLS if ("leadership" in areas or grade >= 5) else GENERAL_SKILLS
        sought += [s for s in rng.sample(pool, k=rng.randint(0, 2)) if s not in sought and held.get(s, 0) <= 3]
        if not sought:
            sought = [rng.choice(GENERAL_SKILLS)]
        return ";".join(sought), ";".join(areas)

    def network(self, person, by_unit, seniors):
        """Colleagues from the person's unit and senior people anywhere; mentors know more people."""
        rng = self.rng
        colleagues = by_unit[person["org_unit"]]
        size = rng.randint(3, 8) if person["role"] != "mentee" else rng.randint(0, 3)
        contacts = []
        for _ in range(size):
            pool = colleagues if len(colleagues) > 1 and rng.random() < 0.6 else seniors
            contact = rng.choice(pool)
            if contact is not person and contact["id"] not in contacts:
                contacts.append(contact["id"])
        return ";".join(contacts)

    def exclusions(self):
        """A few pairs who must not be matched: a past conflict, a partner, a recent dispute."""
        rng = self.rng
        out = {}
        for _ in range(max(2, self.count // 50)):
            a, b = rng.sample(self.people, 2)
            if b["id"] in out.get(a["id"], []):
                continue
            out.setdefault(a["id"], []).append(b["id"])
            if rng.random() < 0.5:
                out.setdefault(b["id"], []).append(a["id"])
        return out

    def rows(self):
        self.build_hierarchy()
        self.assign_roles()
        excluded = self.exclusions()
        by_unit = {}
        for person in self.people:
            by_unit.setdefault(person["org_unit"], []).append(person)
        seniors = [p for p in self.people if p["grade"] >= 6]
        rng = self.rng
        for person in self.people:
            languages = self.languages(person)
            skills = self.skills(person)
            sought, areas = self.growth(person) if person["unit"] else ("", "")
            capacity = ""
            if person["role"] == "mentor" and rng.random() < 0.4:
                capacity = str(rng.choice([1, 2, 2, 3, 3, 4]))
            elif person["role"] == "both":
                capacity = "1"
            yield {
                "id": person["id"],
                "name": person["name"],
                "email": person["email"],
                "role": person["role"],
                "org_unit": person["org_unit"],
                "manager_id": person["manager"]["id"] if person["manager"] else "",
                "grade": person["grade"],
                "years_experience": ("%g" % person["years"]),
                "location": person["office"],
                "utc_offset": format_offset(person["offset"]),
                "languages": languages,
                "skills": skills,
                "skills_sought": sought,
                "interests": ";".join(rng.sample(INTERESTS, k=rng.randint(1, 3))),
                "goal_areas": areas,
                "values_sought": ";".join(self.values_rng.sample(VALUES, k=self.values_rng.randint(1, 2)))
                if areas else "",
                "mentor_capacity": capacity,
                "network": self.network(person, by_unit, seniors),
                "exclusions": ";".join(excluded.get(person["id"], [])),
            }


def format_offset(minutes):
    sign = "-" if minutes < 0 else "+"
    return "%s%02d:%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)


def main(argv=None):
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")
    parser.add_argument("--count", type=int, default=300, help="number of people, at least 30 (default 300)")
    parser.add_argument("--output", type=Path, default=repo / "examples" / "data" / "people.csv",
                        help="CSV file to write (default examples/data/people.csv)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print a summary of what was written")
    args = parser.parse_args(argv)
    if args.count < 30:
        parser.error("--count must be at least 30: every unit needs a head, a manager and a team")

    cohort = Cohort(args.seed, args.count)
    rows = list(cohort.rows())
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    if args.verbose:
        roles = {}
        for row in rows:
            roles[row["role"]] = roles.get(row["role"], 0) + 1
        units = sorted({row["org_unit"] for row in rows})
        print("wrote %d people to %s" % (len(rows), args.output))
        print("roles: " + ", ".join("%s %d" % (r, roles.get(r, 0)) for r in ("mentor", "both", "mentee")))
        print("units: " + ", ".join(units))
    return 0


if __name__ == "__main__":
    sys.exit(main())
