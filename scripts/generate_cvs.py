#!/usr/bin/env python3
"""Generate the sample Europass CVs examples/data/cvs/ for people of the sample cohort.

Thirty people of examples/data/people.csv, mentees and mentors from every unit, chosen by
the seed, get a Europass CV in one of the three formats mentorkit reads
(kernel/src/import/europass.hpp, docs/europass.md):

    12 in the SkillsPassport XML v3 format (XSDVersion V3.3 or V3.4)   E0012-skillspassport.xml
     9 in the 2020+ Europass Candidate XML (HR-XML based)             E0045-candidate.xml
     9 in the Europass JSON v3 binding                                E0101-europass.json

Each CV agrees with its person's row of the CSV, since the import merges a CV into the row
with the same email:
- the same name and email;
- the row's languages: the mother tongue (the local language of their office, or English)
  at C2, and every other language with its five CEFR dimensions at or above the row's
  level and the middle one (the overall level the reader takes) at it;
- work periods from the first to the last day of their months, whose total (overlaps
  counted once, the current job running to the program's start on 2027-01-11) is
  years_experience; the current position at "Example Org", made-up employers before it,
  and for some a part-time side role that overlaps another job;
- education with its EQF level (vocational 4 or 5, bachelor 6, master 7, doctorate 8);
- a headline, and digital competences (the five DigComp areas A/B/C and the tools used);
- the row's skills: in the Candidate each with its level 1..5; in the free text of the
  SkillsPassport and JSON (job-related, communication and organisational skills) those at
  level 3 or more by name, since the reader gives named skills level 3, and the weaker
  ones in a sentence, which it leaves alone, so that no CV raises a level of the CSV.
The same seed and CSV always give the same files, byte for byte.

    scripts/generate_cvs.py                         # writes examples/data/cvs/
    scripts/generate_cvs.py --seed 7 --input /tmp/people.csv --output /tmp/cvs --verbose

Python 3 standard library only.
"""

import argparse
import calendar
import csv
import json
import random
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# The program the sample CVs are read for starts on 2027-01-11: running jobs end there.
AS_OF = (2027, 1)
FORMATS = [("skillspassport", 12), ("candidate", 9), ("europass", 9)]

# How many of the thirty come from each unit, and how many of those mentor.
QUOTAS = {
    "Engineering": (6, 2), "Sales": (4, 2), "Data & AI": (4, 2), "Product & Design": (4, 2),
    "Customer Success": (3, 1), "Marketing": (3, 1), "Finance": (3, 1), "People": (3, 1),
}

# ---- places ----------------------------------------------------------------------------------

# Office: (ISO 3166 country, telephone country code, local language or None).
OFFICES = {
    "London": ("GB", "44", None), "Dublin": ("IE", "353", None), "Lisbon": ("PT", "351", "pt"),
    "Berlin": ("DE", "49", "de"), "Paris": ("FR", "33", "fr"), "Madrid": ("ES", "34", "es"),
    "Warsaw": ("PL", "48", "pl"), "Stockholm": ("SE", "46", "sv"), "Helsinki": ("FI", "358", "fi"),
    "Athens": ("GR", "30", "el"), "New York": ("US", "1", None), "Toronto": ("CA", "1", "fr"),
    "Chicago": ("US", "1", None), "Austin": ("US", "1", "es"), "San Francisco": ("US", "1", None),
    "Mexico City": ("MX", "52", "es"), "São Paulo": ("BR", "55", "pt"), "St. John's": ("CA", "1", None),
    "Bangalore": ("IN", "91", "hi"), "Kathmandu": ("NP", "977", "ne"), "Singapore": ("SG", "65", "zh"),
    "Tokyo": ("JP", "81", "ja"), "Sydney": ("AU", "61", None),
}

COUNTRY_NAMES = {
    "GB": "United Kingdom", "IE": "Ireland", "PT": "Portugal", "DE": "Germany", "FR": "France",
    "ES": "Spain", "PL": "Poland", "SE": "Sweden", "FI": "Finland", "GR": "Greece",
    "US": "United States", "CA": "Canada", "MX": "Mexico", "BR": "Brazil", "IN": "India",
    "NP": "Nepal", "SG": "Singapore", "JP": "Japan", "AU": "Australia", "NL": "Netherlands",
}

# The SkillsPassport code list of countries (XML and JSON) follows the EU's usage, not ISO
# 3166, for two of our offices: the United Kingdom is UK and Greece EL. The official XSD
# rejects GB and GR. The Candidate's CountryCode is ISO 3166.
EUROPASS_COUNTRY_CODES = {"GB": "UK", "GR": "EL"}


def europass_country(code):
    return EUROPASS_COUNTRY_CODES.get(code, code)


# Other cities of the same country, for earlier jobs and studies.
CITIES = {
    "GB": ["Manchester", "Leeds", "Bristol", "Edinburgh", "London"], "IE": ["Cork", "Galway", "Dublin"],
    "PT": ["Porto", "Braga", "Lisbon"], "DE": ["Munich", "Hamburg", "Cologne", "Leipzig", "Berlin"],
    "FR": ["Lyon", "Lille", "Toulouse", "Nantes", "Paris"], "ES": ["Barcelona", "Valencia", "Seville", "Madrid"],
    "PL": ["Kraków", "Wrocław", "Gdańsk", "Warsaw"], "SE": ["Gothenburg", "Malmö", "Stockholm"],
    "FI": ["Tampere", "Espoo", "Helsinki"], "GR": ["Thessaloniki", "Patras", "Athens"],
    "US": ["Boston", "Seattle", "Denver", "Atlanta", "New York", "Chicago"],
    "CA": ["Montréal", "Ottawa", "Halifax", "Toronto"], "MX": ["Guadalajara", "Monterrey", "Mexico City"],
    "BR": ["Campinas", "Rio de Janeiro", "Curitiba", "São Paulo"], "IN": ["Chennai", "Hyderabad", "Pune", "Bangalore"],
    "NP": ["Lalitpur", "Pokhara", "Kathmandu"], "SG": ["Singapore"], "JP": ["Osaka", "Yokohama", "Tokyo"],
    "AU": ["Melbourne", "Brisbane", "Sydney"],
}

# Legal forms, so that made-up employers read like the country's companies.
COMPANY_SUFFIX = {
    "GB": "Ltd", "IE": "Ltd", "PT": "Lda.", "DE": "GmbH", "FR": "SAS", "ES": "S.L.", "PL": "sp. z o.o.",
    "SE": "AB", "FI": "Oy", "GR": "S.A.", "US": "Inc.", "CA": "Inc.", "MX": "S.A. de C.V.",
    "BR": "Ltda.", "IN": "Pvt. Ltd.", "NP": "Pvt. Ltd.", "SG": "Pte. Ltd.", "JP": "K.K.", "AU": "Pty Ltd",
}

# Universities and colleges by country: (name, city).
UNIVERSITIES = {
    "GB": [("University of Manchester", "Manchester"), ("University of Leeds", "Leeds"),
           ("King's College London", "London"), ("University of Edinburgh", "Edinburgh")],
    "IE": [("Trinity College Dublin", "Dublin"), ("University College Cork", "Cork")],
    "PT": [("Universidade de Lisboa", "Lisbon"), ("Universidade do Porto", "Porto")],
    "DE": [("Technische Universität München", "Munich"), ("Humboldt-Universität zu Berlin", "Berlin"),
           ("RWTH Aachen", "Aachen"), ("Universität Hamburg", "Hamburg")],
    "FR": [("Université Paris-Saclay", "Orsay"), ("Université Lumière Lyon 2", "Lyon"),
           ("Université de Lille", "Lille")],
    "ES": [("Universidad Complutense de Madrid", "Madrid"), ("Universitat Politècnica de València", "Valencia"),
           ("Universidad de Sevilla", "Seville")],
    "PL": [("Politechnika Warszawska", "Warsaw"), ("Uniwersytet Jagielloński", "Kraków")],
    "SE": [("KTH Royal Institute of Technology", "Stockholm"), ("Uppsala universitet", "Uppsala")],
    "FI": [("Aalto University", "Espoo"), ("University of Helsinki", "Helsinki")],
    "GR": [("National Technical University of Athens", "Athens"),
           ("Athens University of Economics and Business", "Athens")],
    "US": [("University of Michigan", "Ann Arbor"), ("Georgia Institute of Technology", "Atlanta"),
           ("Rutgers University", "New Brunswick"), ("University of Texas at Austin", "Austin")],
    "CA": [("University of Toronto", "Toronto"), ("University of Waterloo", "Waterloo"),
           ("Memorial University of Newfoundland", "St. John's")],
    "MX": [("Universidad Nacional Autónoma de México", "Mexico City"), ("Tecnológico de Monterrey", "Monterrey")],
    "BR": [("Universidade de São Paulo", "São Paulo"), ("Universidade Estadual de Campinas", "Campinas")],
    "IN": [("Anna University", "Chennai"), ("Visvesvaraya Technological University", "Belagavi"),
           ("University of Hyderabad", "Hyderabad")],
    "NP": [("Tribhuvan University", "Kirtipur"), ("Kathmandu University", "Dhulikhel")],
    "SG": [("National University of Singapore", "Singapore"), ("Nanyang Technological University", "Singapore")],
    "JP": [("Waseda University", "Tokyo"), ("Osaka University", "Osaka")],
    "AU": [("University of New South Wales", "Sydney"), ("University of Melbourne", "Melbourne")],
}

# Vocational qualifications by country: (title, school, city, EQF level).
VOCATIONAL = {
    "GB": ("Higher National Diploma in Business", "Leeds City College", "Leeds", 5),
    "IE": ("Higher Certificate in Business", "Cork College of Further Education", "Cork", 5),
    "DE": ("Kaufmann für Büromanagement (IHK)", "Berufliche Schule Hamburg-Harburg", "Hamburg", 4),
    "FR": ("BTS Négociation et digitalisation de la relation client", "Lycée Jean Perrin", "Lyon", 5),
    "ES": ("Técnico Superior en Marketing y Publicidad", "IES Juan de la Cierva", "Madrid", 5),
    "PT": ("Curso Técnico Superior Profissional em Gestão Comercial", "Instituto Politécnico do Porto", "Porto", 5),
    "PL": ("Technik ekonomista", "Zespół Szkół Ekonomicznych", "Kraków", 4),
    "US": ("Associate of Applied Science in Business Management", "Austin Community College", "Austin", 5),
    "CA": ("Business Administration Diploma", "College of the North Atlantic", "St. John's", 5),
    "MX": ("Técnico Superior Universitario en Desarrollo de Negocios", "Universidad Tecnológica de Tula", "Tula", 5),
    "BR": ("Técnico em Administração", "Etec Parque da Juventude", "São Paulo", 4),
    "IN": ("Diploma in Commercial Practice", "Government Polytechnic", "Pune", 4),
    "AU": ("Diploma of Business", "TAFE NSW", "Sydney", 5),
}

# ---- languages -------------------------------------------------------------------------------

# ISO 639-1 -> (ISO 639-2/T, English name).
LANGUAGES = {
    "en": ("eng", "English"), "de": ("deu", "German"), "fr": ("fra", "French"), "es": ("spa", "Spanish"),
    "pt": ("por", "Portuguese"), "pl": ("pol", "Polish"), "sv": ("swe", "Swedish"), "fi": ("fin", "Finnish"),
    "el": ("ell", "Greek"), "hi": ("hin", "Hindi"), "kn": ("kan", "Kannada"), "ta": ("tam", "Tamil"),
    "te": ("tel", "Telugu"), "ne": ("nep", "Nepali"), "zh": ("zho", "Chinese"), "ms": ("msa", "Malay"),
    "ja": ("jpn", "Japanese"), "it": ("ita", "Italian"), "nl": ("nld", "Dutch"), "ar": ("ara", "Arabic"),
}
CEFR = ["A1", "A2", "B1", "B2", "C1", "C2"]
DIMENSIONS = ["Listening", "Reading", "SpokenInteraction", "SpokenProduction", "Writing"]

# ---- work ------------------------------------------------------------------------------------

# Job titles by unit and grade 1..9.
TITLES = {
    "Engineering": ["Junior Software Engineer", "Software Engineer", "Software Engineer",
                    "Senior Software Engineer", "Senior Software Engineer", "Staff Engineer",
                    "Engineering Manager", "Senior Engineering Manager", "VP Engineering"],
    "Data & AI": ["Junior Data Analyst", "Data Analyst", "Data Scientist", "Senior Data Scientist",
                  "Lead Data Scientist", "Principal Data Scientist", "Data Science Manager",
                  "Head of Data Science", "VP Data & AI"],
    "Product": ["Associate Product Manager", "Product Manager", "Product Manager", "Senior Product Manager",
                "Senior Product Manager", "Principal Product Manager", "Group Product Manager",
                "Director of Product", "VP Product & Design"],
    "Design": ["Junior Product Designer", "Product Designer", "Product Designer", "Senior Product Designer",
               "Lead Product Designer", "Principal Designer", "Design Manager", "Head of Design",
               "VP Product & Design"],
    "Sales": ["Sales Development Representative", "Account Executive", "Account Executive",
              "Senior Account Executive", "Enterprise Account Executive", "Strategic Account Director",
              "Sales Manager", "Regional Sales Director", "VP Sales"],
    "Marketing": ["Marketing Coordinator", "Marketing Specialist", "Content Marketing Manager",
                  "Senior Marketing Manager", "Lead Brand Strategist", "Head of Content",
                  "Marketing Manager", "Director of Marketing", "VP Marketing"],
    "Customer Success": ["Customer Support Specialist", "Customer Success Associate",
                         "Customer Success Manager", "Senior Customer Success Manager",
                         "Customer Success Lead", "Principal Customer Success Manager",
                         "Customer Success Team Manager", "Director of Customer Success",
                         "VP Customer Success"],
    "Finance": ["Finance Assistant", "Financial Analyst", "Financial Analyst", "Senior Financial Analyst",
                "Finance Lead", "Finance Business Partner", "Finance Manager", "Head of FP&A", "VP Finance"],
    "People": ["People Coordinator", "Talent Acquisition Specialist", "HR Generalist",
               "Senior Talent Partner", "HR Business Partner", "Senior HR Business Partner",
               "People Partner Manager", "Head of People Operations", "VP People"],
}

# NACE Rev. 2 sections of the employers of each unit's people.
SECTORS = {
    "Engineering": [("J", "Information and communication")],
    "Data & AI": [("J", "Information and communication"), ("M", "Professional, scientific and technical activities")],
    "Product & Design": [("J", "Information and communication")],
    "Sales": [("G", "Wholesale and retail trade"), ("J", "Information and communication")],
    "Marketing": [("M", "Professional, scientific and technical activities"), ("G", "Wholesale and retail trade")],
    "Customer Success": [("J", "Information and communication"), ("N", "Administrative and support service activities")],
    "Finance": [("K", "Financial and insurance activities"), ("M", "Professional, scientific and technical activities")],
    "People": [("N", "Administrative and support service activities"), ("M", "Professional, scientific and technical activities")],
}

# Made-up earlier employers by unit (a legal form of the country is added).
EMPLOYERS = {
    "Engineering": ["Kestrel Systems", "Brightwave Software", "Quarry Digital", "Bitfield Works",
                    "Tidewater Cloud", "Lanternfish Labs", "Orbitline Networks", "Copperleaf Software"],
    "Data & AI": ["Halcyon Analytics", "Tessellate Data", "Lumen Insight", "Foxglove Research",
                  "Signalhill Analytics", "Ravenmoor Data"],
    "Product & Design": ["Paperkite Studio", "Brightwave Software", "Marigold Apps", "Fieldnote Digital",
                         "Slate & Ink Design", "Juniper Mobile"],
    "Sales": ["Meridian Supply", "Harbourline Distribution", "Crestview Solutions", "Atlas Office Systems",
              "Bluebell Consumer Brands", "Northgate Telecom"],
    "Marketing": ["Crescent Media", "Wildflower Agency", "Bluebell Consumer Brands", "Papercut Content",
                  "Sunday Morning Creative", "Brightline Retail"],
    "Customer Success": ["Helpwise Software", "Parcelpoint Logistics", "Signal Telecom", "Calmwater Insurance",
                         "Tidewater Cloud", "Brightline Retail"],
    "Finance": ["Ledgerline Advisory", "Granite & Finch", "Cobalt Capital Partners", "Harbourline Distribution",
                "Stonebridge Audit", "Meridian Supply"],
    "People": ["Talentbridge Recruitment", "Oakridge Consulting", "Helix Staffing", "Calmwater Insurance",
               "Crestview Solutions", "Kestrel Systems"],
}

# What people did, by unit: {skill} is one of their skills.
ACTIVITIES = {
    "Engineering": [
        "Moved the order service from a monolith to three services behind a message queue, without downtime",
        "Cut the median build time of the main repository from 14 to 4 minutes",
        "Owned the on-call rotation for the payments platform and wrote its runbooks",
        "Introduced contract tests between the mobile apps and the public API",
        "Reviewed most pull requests of the team and ran a weekly {skill} clinic",
        "Led the migration of 40 services to Kubernetes and infrastructure as code",
        "Built the event ingestion pipeline that handles 30,000 messages a second",
        "Hardened authentication after a penetration test: MFA, short-lived tokens, audit logs",
        "Mentored two graduate engineers through their first year",
        "Wrote the team's design-review template and chaired the reviews",
    ],
    "Data & AI": [
        "Built the churn model used by customer success to prioritise renewals",
        "Designed and analysed A/B tests for onboarding, pricing and search ranking",
        "Replaced a tangle of spreadsheets with a tested dbt project and a metrics layer",
        "Took a demand forecasting model from notebook to a monitored production service",
        "Ran the analytics guild and its monthly show-and-tell",
        "Wrote the guidelines for {skill} shared across the data team",
        "Built dashboards for the leadership team's weekly business review",
        "Cleaned and documented ten years of sensor data for a research partner",
    ],
    "Product & Design": [
        "Owned the roadmap of the self-service onboarding, from discovery to launch",
        "Ran 60 user interviews a year and turned them into an opportunity tree",
        "Redesigned the checkout flow; conversion rose by 11%",
        "Set up the quarterly prioritisation with engineering and sales",
        "Built the first version of the design system with two engineers",
        "Introduced continuous discovery rituals in three teams",
        "Led the accessibility review of the mobile app (WCAG 2.1 AA)",
        "Coached product managers new to {skill}",
    ],
    "Sales": [
        "Grew the mid-market territory from 1.2 to 3.1 million in annual recurring revenue",
        "Closed the region's three largest new logos of the year",
        "Built the outbound playbook used by the sales development team",
        "Forecast the quarter within 5% for eight consecutive quarters",
        "Negotiated multi-year framework agreements with procurement teams",
        "Trained new account executives in discovery calls and {skill}",
        "Ran the partner channel for the Nordics",
        "Managed a portfolio of 45 accounts with 96% gross retention",
    ],
    "Marketing": [
        "Relaunched the brand across web, events and social channels",
        "Grew organic traffic by 70% in eighteen months through content and technical SEO",
        "Ran campaigns in six languages with local agencies",
        "Built the content calendar and the editorial guidelines",
        "Set up marketing attribution with the data team",
        "Organised the annual customer conference (1,200 attendees)",
        "Wrote and tested landing pages, emails and product copy",
        "Led market research for the entry into two new countries",
    ],
    "Customer Success": [
        "Onboarded 80 new customers a year with a structured 30-60-90 plan",
        "Raised net revenue retention of the portfolio from 104% to 118%",
        "Handled escalations for the largest accounts and wrote the escalation policy",
        "Rebuilt the help centre: 300 articles rewritten, ticket volume down 20%",
        "Introduced health scores and quarterly business reviews",
        "Ran the voice-of-the-customer programme with product management",
        "Trained the support team in conflict resolution and de-escalation",
        "Automated renewal reminders and usage alerts",
    ],
    "Finance": [
        "Built the three-statement model used for the annual plan",
        "Closed the books monthly in five working days instead of ten",
        "Partnered with sales and marketing leaders on budgets and forecasts",
        "Led the finance side of the ERP migration",
        "Prepared board reporting and investor materials",
        "Introduced rolling forecasts and scenario planning",
        "Set up the controls for the first external audit",
        "Ran the treasury and foreign-exchange exposure reporting",
    ],
    "People": [
        "Hired 60 engineers and designers in a year with structured interviews",
        "Designed the career framework and the promotion process",
        "Advised managers on performance, restructuring and employment law",
        "Ran leadership development cohorts for new managers",
        "Set up the employee engagement survey and its action planning",
        "Facilitated team offsites and retrospectives",
        "Redesigned onboarding; 90-day retention rose to 97%",
        "Led the people side of a merger of two sales teams",
    ],
}

# A side role some people held alongside a job, by unit: (title, where: "college",
# "university" or None for self-employed, what it was). It overlaps the job, so it adds
# no experience.
SIDE_ROLES = {
    "Engineering": ("Part-time lecturer in software engineering", "college",
                    "evening classes in web development for adult learners"),
    "Data & AI": ("Teaching assistant in statistics", "university", "tutorials and marking for undergraduate courses"),
    "Product & Design": ("Freelance UX designer", None, "usability reviews and prototypes for small businesses"),
    "Sales": ("Freelance sales trainer", None, "weekend workshops on consultative selling"),
    "Marketing": ("Freelance copywriter", None, "websites and newsletters for local businesses"),
    "Customer Success": ("Freelance customer service trainer", None, "de-escalation workshops for retail teams"),
    "Finance": ("Part-time tutor in accounting", "college", "evening classes for professional exams"),
    "People": ("Freelance career coach", None, "CV reviews and interview practice for graduates"),
}

# ---- education -------------------------------------------------------------------------------

# Degrees by unit: (field, bachelor, master, doctorate).
DEGREES = {
    "Engineering": [("Computer science", "BSc Computer Science", "MSc Computer Science",
                     "PhD in Computer Science"),
                    ("Software engineering", "BEng Software Engineering", "MSc Software Engineering",
                     "PhD in Distributed Systems")],
    "Data & AI": [("Statistics", "BSc Mathematics and Statistics", "MSc Statistics", "PhD in Statistics"),
                  ("Machine learning", "BSc Computer Science", "MSc Machine Learning", "PhD in Machine Learning")],
    "Product & Design": [("Interaction design", "BA Graphic Design", "MA Interaction Design",
                          "PhD in Human-Computer Interaction"),
                         ("Business and technology", "BSc Business Information Systems",
                          "MSc Management of Technology", "PhD in Information Systems")],
    "Sales": [("Business administration", "BA Business Administration", "MBA", "PhD in Management"),
              ("Economics", "BSc Economics", "MSc International Business", "PhD in Economics")],
    "Marketing": [("Marketing", "BA Marketing and Communication", "MSc Marketing", "PhD in Marketing"),
                  ("Journalism", "BA Journalism", "MA Digital Media", "PhD in Media Studies")],
    "Customer Success": [("Business administration", "BA Business Administration", "MSc Management",
                          "PhD in Management"),
                         ("Languages", "BA Modern Languages", "MA Intercultural Communication",
                          "PhD in Linguistics")],
    "Finance": [("Accounting and finance", "BSc Accounting and Finance", "MSc Finance", "PhD in Finance"),
                ("Economics", "BSc Economics", "MSc Financial Economics", "PhD in Economics")],
    "People": [("Psychology", "BSc Psychology", "MSc Organisational Psychology", "PhD in Psychology"),
               ("Human resources", "BA Human Resource Management", "MA Human Resource Management",
                "PhD in Management")],
}

# ---- skills ----------------------------------------------------------------------------------

# Digital tools by unit, for the digital competences section.
TOOLS = {
    "Engineering": ["Git", "Linux", "Docker", "Kubernetes", "Terraform", "VS Code", "Jira", "Grafana"],
    "Data & AI": ["pandas", "scikit-learn", "Jupyter", "PostgreSQL", "dbt", "Apache Spark", "Tableau", "Git"],
    "Product & Design": ["Figma", "Miro", "Jira", "Amplitude", "Notion", "Maze"],
    "Sales": ["Salesforce", "HubSpot", "LinkedIn Sales Navigator", "Gong", "Microsoft Excel"],
    "Marketing": ["Google Analytics", "HubSpot", "WordPress", "Semrush", "Canva", "Adobe Illustrator"],
    "Customer Success": ["Zendesk", "Gainsight", "Salesforce", "Intercom", "Confluence"],
    "Finance": ["SAP S/4HANA", "Power BI", "Anaplan", "NetSuite", "Bloomberg Terminal"],
    "People": ["Workday", "Greenhouse", "SAP SuccessFactors", "Microsoft Excel", "Culture Amp"],
}
OFFICE_SUITES = ["Microsoft 365", "Google Workspace"]
# Digital competence areas (DigComp) with self-assessed levels A (basic), B (independent), C (proficient).
DIGITAL_AREAS = ["Information", "Communication", "ContentCreation", "Safety", "ProblemSolving"]

# Skills of the cohort a CV shows as communication or organisational skills, each with what
# the person did (no commas: the reader splits skill lists at commas). The rest of a
# person's skills are job-related.
COMMUNICATION = {
    "public speaking": "talks at the company all-hands and at local meetups",
    "presentation": "I present our results to the leadership team every quarter",
    "writing": "design documents and blog posts read across the company",
    "stakeholder management": "I keep senior stakeholders aligned on scope and trade-offs",
    "executive presence": "I represent my unit in front of the executive team",
}
ORGANISATIONAL = {
    "project management": "I plan and run cross-team projects of up to a year",
    "time management": "I run several workstreams at once without missing deadlines",
    "mentoring": "I mentor new joiners through their first months",
    "people management": "I lead a team and run its one-to-ones and performance reviews",
    "strategic thinking": "I shape the yearly plan of my unit",
    "change management": "I led teams through a re-organisation and a change of tools",
    "hiring": "I design interview loops and hire for my team",
}
# Below this level a skill is not listed as a skill name in free text: the reader gives
# those level 3, and a CV should not raise what the CSV says. It is described in a
# sentence instead, which the reader leaves alone.
LISTED_LEVEL = 3

# Display names of skills where capitalising the first letter is not enough.
SKILL_NAMES = {"c++": "C++", "sql": "SQL", "seo": "SEO", "devops": "DevOps", "python": "Python",
               "excel": "Excel"}

GOAL_PHRASES = {
    "technical depth": "deepening my technical expertise",
    "visibility": "taking on more visible work",
    "confidence": "building confidence in front of senior audiences",
    "networking": "growing my network across the company",
    "work-life balance": "keeping a sustainable pace",
    "communication": "becoming a clearer communicator",
    "leadership": "growing into leadership",
    "promotion readiness": "preparing for the next step",
    "cross-functional collaboration": "working across teams",
    "strategic thinking": "thinking more strategically",
    "career change": "exploring a move into a new field",
    "executive presence": "developing executive presence",
    "influence": "leading through influence",
}


def skill_name(skill):
    return SKILL_NAMES.get(skill, skill[0].upper() + skill[1:])


def split_list(value):
    return [item.strip() for item in value.split(";") if item.strip()]


def split_levels(value):
    out = []
    for item in split_list(value):
        name, _, level = item.rpartition(":")
        out.append((name.strip(), level.strip()))
    return out


# ---- months ----------------------------------------------------------------------------------

def month_index(year, month):
    return year * 12 + month - 1


def year_month(index):
    return index // 12, index % 12 + 1


END = month_index(*AS_OF)  # running jobs count up to here (the program's start)


# ---- the CV of one person --------------------------------------------------------------------

class Cv:
    """What a person's CV says, whatever the format it is written in."""

    def __init__(self, row, seed):
        self.row = row
        self.rng = random.Random("%d:%s" % (seed, row["id"]))
        rng = self.rng
        self.id = row["id"]
        parts = row["name"].split(" ")
        self.given, self.family = " ".join(parts[:-1]), parts[-1]
        self.email = row["email"]
        self.unit = row["org_unit"]
        self.grade = int(row["grade"])
        self.years = float(row["years_experience"])
        self.office = row["location"]
        self.country, self.dialing, self.local = OFFICES[self.office]
        self.skills = [(name, int(level)) for name, level in split_levels(row["skills"])]
        self.skill_names = [name for name, _ in self.skills]
        self.track = self.unit
        if self.unit == "Product & Design":
            design = {"interaction design", "user research"} & set(self.skill_names)
            self.track = "Design" if design and rng.random() < 0.7 else "Product"
        self.position = TITLES[self.track][min(self.grade, 9) - 1]
        self.phone = self.make_phone()
        self.languages()
        self.work()
        self.education()
        self.digital()
        self.headline = self.make_headline()
        # Written some weeks before the program starts.
        self.updated = (2026, rng.randint(9, 12), rng.randint(1, 28))

    # ---- contact -----------------------------------------------------------------------------

    def make_phone(self):
        rng = self.rng
        if self.dialing == "1":  # the 555-01xx numbers reserved for fiction
            return "+1 %d 555 01%02d" % (rng.choice([212, 312, 415, 512, 416, 709]), rng.randint(0, 99))
        if self.country == "GB":  # Ofcom's range for drama
            return "+44 20 7946 0%03d" % rng.randint(0, 999)
        return "+%s %d %03d %04d" % (self.dialing, rng.randint(20, 99), rng.randint(100, 999), rng.randint(0, 9999))

    # ---- languages ---------------------------------------------------------------------------

    def languages(self):
        """Mother tongues (the first language of the row, and the office's language at C2) and
        foreign languages with five CEFR dimensions, none below the row's level and the
        middle one at it."""
        rng = self.rng
        self.mother_tongues, self.foreign = [], []
        for i, (code, level) in enumerate(split_levels(self.row["languages"])):
            if level == "C2" and (i == 0 or code == self.local or self.country == "SG"):
                self.mother_tongues.append(code)
                continue
            # Understanding often runs ahead of speaking and writing, but the middle of the
            # five (the overall level) stays the row's.
            base = CEFR.index(level)
            dims = {dim: level for dim in DIMENSIONS}
            for dim in ("Listening", "Reading"):
                if rng.random() < 0.6:
                    dims[dim] = CEFR[min(5, base + 1)]
            if dims["Listening"] == level and dims["Reading"] == level and rng.random() < 0.3:
                dims["SpokenInteraction"] = CEFR[min(5, base + 1)]
            self.foreign.append((code, dims))

    # ---- work --------------------------------------------------------------------------------

    def title_at(self, years_before):
        """The title someone of this track had with `years_before` fewer years of experience."""
        years = max(0.0, self.years - years_before)
        grade = max(1, min(self.grade, int((years + 1.5) / 2.3 + 0.5)))
        return TITLES[self.track][grade - 1]

    def work(self):
        """Jobs back from the current one, whose months (gaps aside) add up to years_experience;
        a side role inside an earlier job overlaps and adds nothing."""
        rng = self.rng
        months = max(6, int(round(self.years * 12)))
        if months <= 18:
            count = 1
        elif months <= 48:
            count = 2
        elif months <= 120:
            count = rng.choice([2, 3, 3, 4])
        else:
            count = rng.choice([3, 4, 4, 5])
        weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
        lengths = [max(4, int(months * w / sum(weights))) for w in weights]
        lengths[0] += months - sum(lengths)  # the current job takes the rounding
        if lengths[0] < 4:  # only with many short jobs: take the months back from the longest
            longest = max(range(1, count), key=lambda k: lengths[k])
            lengths[longest] -= 4 - lengths[0]
            lengths[0] = 4
        self.jobs = []
        self.unused = list(ACTIVITIES[self.unit])
        rng.shuffle(self.unused)
        end = END
        employers = rng.sample(EMPLOYERS[self.unit], k=count - 1)
        done = 0
        for i, length in enumerate(lengths):
            start = end - length
            if i == 0:
                employer, city, country, title = "Example Org", self.office, self.country, self.position
                current = True
            else:
                country = self.country if rng.random() < 0.8 else rng.choice(sorted(CITIES))
                employer = "%s %s" % (employers[i - 1], COMPANY_SUFFIX[country])
                city = rng.choice(CITIES[country])
                title = self.title_at(done / 12.0)
                current = False
            sector = rng.choice(SECTORS[self.unit])
            if employer == "Example Org":
                sector = ("J", "Information and communication")
            self.jobs.append({
                "title": title, "employer": employer, "city": city, "country": country, "sector": sector,
                "from": start, "to": None if current else end - 1, "activities": self.activities(2 + (i == 0)),
            })
            done += length
            end = start - (rng.choice([0, 0, 1, 2, 3, 5]) if i + 1 < count else 0)
        self.career_start = end
        # Some experienced people taught or freelanced alongside an earlier job (not their first).
        earlier = [job for job in self.jobs[1:-1] if job["to"] - job["from"] >= 12]
        if earlier and self.years >= 6 and rng.random() < 0.5:
            host = rng.choice(earlier)
            span = host["to"] - host["from"]
            length = rng.randint(6, min(18, span - 2))
            start = host["from"] + rng.randint(1, span - length)
            title, kind, what = SIDE_ROLES[self.unit]
            employer = "Self-employed" if kind is None else "%s Adult Education Centre" % host["city"]
            if kind == "university":
                employer = rng.choice(UNIVERSITIES.get(host["country"], UNIVERSITIES["GB"]))[0]
            self.jobs.append({
                "title": title, "employer": employer, "city": host["city"], "country": host["country"],
                "sector": ("P", "Education") if kind else ("M", "Professional, scientific and technical activities"),
                "from": start, "to": start + length - 1,
                "activities": ["Part-time, alongside my job at %s: %s" % (host["employer"], what)],
            })
        # The order CVs show: the most recent first.
        self.jobs.sort(key=lambda job: (-(job["to"] if job["to"] is not None else END + 1), -job["from"]))
        self.total_months = self.union_months()

    def union_months(self):
        covered = set()
        for job in self.jobs:
            last = job["to"] if job["to"] is not None else END - 1
            covered.update(range(job["from"], last + 1))
        return len(covered)

    def activities(self, count):
        """What someone did in a job: lines of their unit's list not used for another job yet."""
        if len(self.unused) < count:
            self.unused += [text for text in ACTIVITIES[self.unit] if text not in self.unused]
        picked, self.unused = self.unused[:count], self.unused[count:]
        skill = skill_name(self.rng.choice(self.skill_names))
        skill = skill if skill in SKILL_NAMES.values() else skill.lower()
        return [text.replace("{skill}", skill) for text in picked]

    # ---- education ---------------------------------------------------------------------------

    def education(self):
        rng = self.rng
        unit = self.unit
        draw = rng.random()
        doctorate_share = {"Data & AI": 0.25, "Engineering": 0.06}.get(unit, 0.02)
        vocational_share = {"Sales": 0.25, "Customer Success": 0.3, "Marketing": 0.1, "Finance": 0.1,
                            "People": 0.1}.get(unit, 0.0)
        if draw < doctorate_share:
            highest = 8
        elif draw < doctorate_share + vocational_share and self.country in VOCATIONAL:
            highest = VOCATIONAL[self.country][3]
        elif draw < 0.5:
            highest = 7
        else:
            highest = 6
        field, bachelor, master, doctorate = rng.choice(DEGREES[unit])
        country = self.country if rng.random() < 0.9 else rng.choice(sorted(UNIVERSITIES))
        school, city = rng.choice(UNIVERSITIES[country])
        self.schooling = []
        # Studies follow the academic year (September to July) and end before the first job.
        year = year_month(self.career_start)[0] - (0 if year_month(self.career_start)[1] >= 8 else 1)
        year -= rng.choice([0, 0, 0, 1])  # a year of travel or odd jobs, sometimes
        if highest < 6:
            title, school, city, level = VOCATIONAL[self.country]
            self.schooling.append(self.course(title, school, city, self.country, level, "Business and administration",
                                              month_index(year - 2, 9), month_index(year, 6)))
        else:
            steps = [(bachelor, 6, rng.choice([3, 3, 4]))]
            if highest >= 7:
                steps.append((master, 7, rng.choice([1, 2, 2])))
            if highest == 8:
                steps.append((doctorate, 8, rng.choice([3, 4, 4])))
            for title, level, length in reversed(steps):
                if level == 7 and rng.random() < 0.3:  # a master abroad
                    country = rng.choice(sorted(UNIVERSITIES))
                    school, city = rng.choice(UNIVERSITIES[country])
                finish = month_index(year, 7)
                if level == 8:  # a doctorate ends with its defence, any time of the year
                    finish = min(self.career_start - 1, month_index(year, rng.randint(7, 12)))
                self.schooling.append(self.course(title, school, city, country, level, field,
                                                  month_index(year - length, 9 if level < 8 else 10), finish))
                year -= length
        # Senior people sometimes studied again alongside work.
        if highest == 6 and self.grade >= 7 and rng.random() < 0.5 and self.total_months > 60:
            country = self.country if self.country in UNIVERSITIES else "GB"
            school, city = rng.choice(UNIVERSITIES[country])
            year = AS_OF[0] - rng.randint(2, 6)
            self.schooling.insert(0, self.course("Executive MBA (part-time)", school, city, country, 7,
                                                 "Business administration", month_index(year - 2, 9),
                                                 month_index(year, 7)))
        self.eqf = max(course["level"] for course in self.schooling)

    def course(self, title, school, city, country, level, field, start, last):
        return {"title": title, "school": school, "city": city, "country": country, "level": level,
                "field": field, "from": start, "to": last}

    # ---- skills ------------------------------------------------------------------------------

    def digital(self):
        rng = self.rng
        technical = self.unit in ("Engineering", "Data & AI")
        self.digital_levels = {}
        for area in DIGITAL_AREAS:
            if technical:
                level = "C" if area != "Safety" or rng.random() < 0.7 else "B"
            else:
                level = rng.choice(["B", "B", "C"] if area in ("Information", "Communication") else ["A", "B", "B", "C"])
            self.digital_levels[area] = level
        tools = rng.sample(TOOLS[self.unit], k=min(len(TOOLS[self.unit]), rng.randint(3, 5)))
        self.tools = tools + [rng.choice(OFFICE_SUITES)]

    def make_headline(self):
        rng = self.rng
        # The strongest two, job-related skills before communication and organisation.
        general = set(COMMUNICATION) | set(ORGANISATIONAL)
        top = [skill_name(name) for name, _ in sorted(self.skills, key=lambda x: (x[0] in general, -x[1]))[:2]]
        top = " and ".join(t if t in SKILL_NAMES.values() else t.lower() for t in top)
        areas = split_list(self.row["goal_areas"])
        goal = GOAL_PHRASES.get(areas[0], "growing in my role") if areas else ""
        role = self.row["role"]
        if role == "mentee" and goal:
            return rng.choice(["%s specialising in %s, now focused on %s",
                               "%s with a background in %s; currently %s"]) % (self.position, top, goal)
        if role == "both" and goal:
            return "%s (%s), mentoring newer colleagues while %s" % (self.position, top, goal)
        choices = ["%s with %d years of experience in %s" % (self.position, int(self.years), top),
                   "%s: %s, and helping others grow" % (self.position, top)]
        if self.grade >= 7:
            choices.append("%s who builds teams that deliver; strengths in %s" % (self.position, top))
        return rng.choice(choices)

    def skills_html(self, section):
        """The free text of a SkillsPassport skills section ("job", "communication" or
        "organisational"): skills at LISTED_LEVEL or above as names (job-related skills as a
        list, the others as "name: what I did"), the weaker ones in a closing sentence."""
        def section_of(name):
            return ("communication" if name in COMMUNICATION else
                    "organisational" if name in ORGANISATIONAL else "job")
        mine = [(name, level) for name, level in self.skills if section_of(name) == section]
        strong = [name for name, level in mine if level >= LISTED_LEVEL]
        weak = [name for name, level in mine if level < LISTED_LEVEL]
        if section == "job":
            html = "<ul>%s</ul>" % "".join("<li>%s</li>" % skill_name(name) for name in strong) if strong else ""
        else:
            notes = COMMUNICATION if section == "communication" else ORGANISATIONAL
            html = "".join("<p>%s: %s</p>" % (skill_name(name), notes[name]) for name in strong)
        if weak:
            names = [n if skill_name(n) in SKILL_NAMES.values() else n for n in map(skill_name, weak)]
            names = [n if n in SKILL_NAMES.values() else n.lower() for n in names]
            listed = names[0] if len(names) == 1 else "%s and %s" % (" as well as ".join(names[:-1]), names[-1])
            html += "<p>I am building up my %s skills with the help of more experienced colleagues.</p>" % listed
        return html

    def digital_html(self):
        return "<p>%s</p>" % ", ".join(self.tools)


# ---- choosing the people ---------------------------------------------------------------------

def choose(rows, seed):
    """Thirty people: per unit its quota, some of whom mentor (mentor or both), the rest mentees;
    then the formats, shuffled so that each has people of several units."""
    rng = random.Random(seed)
    chosen = []
    for unit, (count, mentors) in QUOTAS.items():
        people = [r for r in rows if r["org_unit"] == unit]
        mentoring = [r for r in people if r["role"] in ("mentor", "both")]
        mentees = [r for r in people if r["role"] == "mentee"]
        chosen += rng.sample(mentoring, k=mentors) + rng.sample(mentees, k=count - mentors)
    rng.shuffle(chosen)
    out = []
    for fmt, count in FORMATS:
        out += [(fmt, row) for row in sorted(chosen[:count], key=lambda r: r["id"])]
        chosen = chosen[count:]
    return out


# ---- writing ---------------------------------------------------------------------------------

def first_day(index):
    return year_month(index) + (1,)


def last_day(index):
    year, month = year_month(index)
    return year, month, calendar.monthrange(year, month)[1]


def date_text(date):
    return "%04d-%02d-%02d" % date


def sub(parent, tag, text=None, **attrib):
    element = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrib.items()})
    if text is not None:
        element.text = str(text)
    return element


def write_xml(root, path):
    ET.indent(root, space="  ")
    data = ET.tostring(root, encoding="unicode", xml_declaration=False)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(data)
        out.write("\n")


# SkillsPassport XML v3 (http://europass.cedefop.europa.eu/Europass) ------------------------------

EP = "http://europass.cedefop.europa.eu/Europass"
XSI = "http://www.w3.org/2001/XMLSchema-instance"


def write_skillspassport(cv, path):
    version = "V3.3" if cv.rng.random() < 0.5 else "V3.4"
    ET.register_namespace("", EP)
    ET.register_namespace("xsi", XSI)
    q = lambda tag: "{%s}%s" % (EP, tag)
    schema = "http://europass.cedefop.europa.eu/xml/v%s.0/EuropassSchema.xsd" % version[1:]

    def s(parent, tag, text=None, **attrib):
        return sub(parent, q(tag), text, **attrib)

    def coded(parent, tag, code, label):
        element = s(parent, tag)
        s(element, "Code", code)
        s(element, "Label", label)
        return element

    def period(parent, start, end):
        element = s(parent, "Period")
        y, m, d = first_day(start)
        s(element, "From", year=y, month="--%02d" % m, day="---%02d" % d)
        if end is None:
            s(element, "Current", "true")
        else:
            y, m, d = last_day(end)
            s(element, "To", year=y, month="--%02d" % m, day="---%02d" % d)

    def place(parent, city, country):
        contact = s(s(s(parent, "ContactInfo"), "Address"), "Contact")
        s(contact, "Municipality", city)
        coded(contact, "Country", europass_country(country), COUNTRY_NAMES.get(country, country))

    root = ET.Element(q("SkillsPassport"), {"{%s}schemaLocation" % XSI: "%s %s" % (EP, schema), "locale": "en"})
    info = s(root, "DocumentInfo")
    s(info, "DocumentType", "ECV")
    created = "%04d-%02d-%02dT10:%02d:00.000Z" % (cv.updated[0], cv.updated[1] - 1 or 1, cv.updated[2],
                                                   cv.rng.randint(0, 59))
    s(info, "CreationDate", created)
    s(info, "LastUpdateDate", "%04d-%02d-%02dT16:%02d:00.000Z" % (cv.updated + (cv.rng.randint(0, 59),)))
    s(info, "XSDVersion", version)
    s(info, "Generator", "EWA")
    s(info, "Comment", "Europass CV")
    s(info, "EuropassLogo", "true")

    learner = s(root, "LearnerInfo")
    ident = s(learner, "Identification")
    name = s(ident, "PersonName")
    s(name, "FirstName", cv.given)
    s(name, "Surname", cv.family)
    contact = s(ident, "ContactInfo")
    address = s(s(contact, "Address"), "Contact")
    s(address, "Municipality", cv.office)
    coded(address, "Country", europass_country(cv.country), COUNTRY_NAMES[cv.country])
    s(s(contact, "Email"), "Contact", cv.email)
    phone = s(s(contact, "TelephoneList"), "Telephone")
    s(phone, "Contact", cv.phone)
    coded(phone, "Use", "work", "Work")

    headline = s(learner, "Headline")
    coded(headline, "Type", "personal_statement", "PERSONAL STATEMENT")
    s(s(headline, "Description"), "Label", cv.headline)

    jobs = s(learner, "WorkExperienceList")
    for job in cv.jobs:
        work = s(jobs, "WorkExperience")
        period(work, job["from"], job["to"])
        s(s(work, "Position"), "Label", job["title"])
        s(work, "Activities", "<ul>%s</ul>" % "".join("<li>%s</li>" % a for a in job["activities"]))
        employer = s(work, "Employer")
        s(employer, "Name", job["employer"])
        place(employer, job["city"], job["country"])
        coded(employer, "Sector", job["sector"][0], job["sector"][1])

    schools = s(learner, "EducationList")
    for course in cv.schooling:
        education = s(schools, "Education")
        period(education, course["from"], course["to"])
        s(education, "Title", course["title"])
        organisation = s(education, "Organisation")
        s(organisation, "Name", course["school"])
        place(organisation, course["city"], course["country"])
        coded(education, "Level", str(course["level"]), "EQF level %d" % course["level"])
        s(s(education, "Field"), "Label", course["field"])

    skills = s(learner, "Skills")
    linguistic = s(skills, "Linguistic")
    mothers = s(linguistic, "MotherTongueList")
    for code in cv.mother_tongues:
        coded(s(mothers, "MotherTongue"), "Description", code, LANGUAGES[code][1])
    if cv.foreign:
        foreign = s(linguistic, "ForeignLanguageList")
        for code, dims in cv.foreign:
            language = s(foreign, "ForeignLanguage")
            coded(language, "Description", code, LANGUAGES[code][1])
            levels = s(language, "ProficiencyLevel")
            for dim in DIMENSIONS:
                s(levels, dim, dims[dim])
    for section, tag in (("communication", "Communication"), ("organisational", "Organisational"),
                         ("job", "JobRelated")):
        html = cv.skills_html(section)
        if html:
            s(s(skills, tag), "Description", html)
    computer = s(skills, "Computer")
    s(computer, "Description", cv.digital_html())
    levels = s(computer, "ProficiencyLevel")
    for area in DIGITAL_AREAS:
        s(levels, area, cv.digital_levels[area])
    write_xml(root, path)


# Europass Candidate XML (http://www.europass.eu/1.0, HR-XML 3) -----------------------------------

CA = "http://www.europass.eu/1.0"
HR = "http://www.hr-xml.org/3"
OA = "http://www.openapplications.org/oagis/9"
EURES = "http://www.europass_eures.eu/1.0"
CEF_CODES = {"Listening": "CEF-Understanding-Listening", "Reading": "CEF-Understanding-Reading",
             "SpokenInteraction": "CEF-Speaking-Interaction", "SpokenProduction": "CEF-Speaking-Production",
             "Writing": "CEF-Writing-Production"}


def write_candidate(cv, path):
    for prefix, uri in (("", CA), ("hr", HR), ("oa", OA), ("eures", EURES), ("xsi", XSI)):
        ET.register_namespace(prefix, uri)

    def s(parent, tag, text=None, **attrib):
        prefix, _, local = tag.rpartition(":")
        uri = {"": CA, "hr": HR, "oa": OA, "eures": EURES}[prefix]
        return sub(parent, "{%s}%s" % (uri, local), text, **attrib)

    def person_name(parent):
        name = s(parent, "PersonName")
        s(name, "oa:GivenName", cv.given)
        s(name, "hr:FamilyName", cv.family)

    def email(parent):
        channel = s(parent, "Communication")
        s(channel, "ChannelCode", "Email")
        s(channel, "oa:URI", cv.email)

    def address(parent, city, country, kind):
        channel = s(s(parent, "OrganizationContact"), "Communication") if kind else s(parent, "Communication")
        if not kind:
            s(channel, "UseCode", "home")
        place = s(channel, "Address", type=kind or "home")
        s(place, "oa:CityName", city)
        s(place, "CountryCode", country.lower())

    def formatted(parent, tag, date):
        s(s(parent, tag), "hr:FormattedDateTime", date_text(date))

    document_id = "CV-%s-%d" % (cv.id, cv.rng.randint(100000, 999999))
    root = ET.Element("{%s}Candidate" % CA, {"{%s}schemaLocation" % XSI: "%s Candidate.xsd" % CA})
    s(root, "hr:DocumentID", schemeID=document_id, schemeName="DocumentIdentifier", schemeAgencyName="EUROPASS",
      schemeVersionID="4.0")
    supplier = s(root, "CandidateSupplier")
    s(supplier, "hr:PartyID", schemeID=document_id, schemeName="PartyID", schemeAgencyName="EUROPASS",
      schemeVersionID="1.0")
    s(supplier, "hr:PartyName", "Owner")
    contact = s(supplier, "PersonContact")
    person_name(contact)
    email(contact)
    s(supplier, "hr:PrecedenceCode", "1")

    person = s(root, "CandidatePerson")
    person_name(person)
    phone = s(person, "Communication")
    s(phone, "ChannelCode", "Telephone")
    s(phone, "UseCode", "work")
    s(phone, "CountryDialing", cv.dialing)
    s(phone, "oa:DialNumber", cv.phone.split(" ", 1)[1].replace(" ", ""))
    email(person)
    address(person, cv.office, cv.country, None)
    for code in cv.mother_tongues:
        s(person, "PrimaryLanguageCode", LANGUAGES[code][0], name="NORMAL")

    profile = s(root, "CandidateProfile", languageCode="en")
    s(profile, "hr:ID", schemeID=document_id + "-profile", schemeName="CandidateProfileID",
      schemeAgencyName="EUROPASS", schemeVersionID="1.0")
    s(profile, "hr:ExecutiveSummary", "<p>%s</p>" % cv.headline)

    history = s(profile, "EmploymentHistory")
    for job in cv.jobs:
        employer = s(history, "EmployerHistory")
        s(employer, "hr:OrganizationName", job["employer"])
        address(employer, job["city"], job["country"], "business")
        s(employer, "hr:IndustryCode", job["sector"][0])
        position = s(employer, "PositionHistory")
        s(position, "PositionTitle", job["title"], typeCode="FREETEXT")
        period = s(position, "eures:EmploymentPeriod")
        formatted(period, "eures:StartDate", first_day(job["from"]))
        if job["to"] is not None:
            formatted(period, "eures:EndDate", last_day(job["to"]))
        s(period, "hr:CurrentIndicator", "true" if job["to"] is None else "false")
        s(position, "oa:Description", "<ul>%s</ul>" % "".join("<li>%s</li>" % a for a in job["activities"]))
        s(position, "City", job["city"])
        s(position, "Country", job["country"].lower())

    schools = s(profile, "EducationHistory")
    for course in cv.schooling:
        attendance = s(schools, "EducationOrganizationAttendance")
        s(attendance, "hr:OrganizationName", course["school"])
        address(attendance, course["city"], course["country"], "business")
        period = s(attendance, "AttendancePeriod")
        formatted(period, "StartDate", first_day(course["from"]))
        formatted(period, "EndDate", last_day(course["to"]))
        s(period, "Ongoing", "false")
        s(attendance, "EducationLevelCode", str(course["level"]))
        degree = s(attendance, "EducationDegree")
        s(degree, "hr:DegreeName", course["title"])
        s(degree, "OccupationalSkillsCovered", "<p>%s</p>" % course["field"])

    # Languages with the five CEFR dimensions, then skills with their level 1..5.
    qualifications = s(profile, "PersonQualifications")
    for code, dims in cv.foreign:
        competency = s(qualifications, "PersonCompetency")
        s(competency, "CompetencyID", LANGUAGES[code][0], schemeName="NORMAL")
        s(competency, "hr:TaxonomyID", "language")
        for dim in DIMENSIONS:
            dimension = s(competency, "eures:CompetencyDimension")
            s(dimension, "hr:CompetencyDimensionTypeCode", CEF_CODES[dim])
            s(s(dimension, "eures:Score"), "hr:ScoreText", dims[dim])
    for name, level in cv.skills:
        competency = s(qualifications, "PersonCompetency")
        s(competency, "CompetencyID", skill_name(name), schemeName="FREE_TEXT")
        s(competency, "hr:TaxonomyID", "skill")
        dimension = s(competency, "eures:CompetencyDimension")
        s(dimension, "hr:CompetencyDimensionTypeCode", "proficiency")
        s(s(dimension, "eures:Score"), "hr:ScoreText", str(level))

    group = s(s(profile, "Skills"), "SkillsGroup")
    s(group, "Title", "Tools I use every week")
    for tool in cv.tools:
        competency = s(group, "PersonCompetency")
        s(competency, "hr:TaxonomyID", "Digital_Skill")
        s(competency, "hr:CompetencyName", tool)

    design = s(s(root, "RenderingInformation"), "Design")
    s(design, "Template", "Template1")
    s(design, "Color", "Default")
    s(design, "FontSize", "Medium")
    s(design, "Logo", "FirstPage")
    s(design, "PageNumbers", "true")
    order = s(design, "SectionsOrder")
    for title in ("personal-information", "work-experience", "education-training", "language", "digital-skills"):
        s(s(order, "Section"), "Title", title)
    write_xml(root, path)


# Europass JSON v3 ---------------------------------------------------------------------------------

def write_json(cv, path):
    version = "V3.3" if cv.rng.random() < 0.5 else "V3.4"

    def period(start, end):
        y, m, d = first_day(start)
        out = {"From": {"Year": y, "Month": m, "Day": d}}
        if end is None:
            out["Current"] = True
        else:
            y, m, d = last_day(end)
            out["To"] = {"Year": y, "Month": m, "Day": d}
            out["Current"] = False
        return out

    def place(city, country):
        return {"Address": {"Contact": {"Municipality": city,
                                        "Country": {"Code": europass_country(country),
                                                    "Label": COUNTRY_NAMES.get(country, country)}}}}

    learner = {
        "Identification": {
            "PersonName": {"FirstName": cv.given, "Surname": cv.family},
            "ContactInfo": {
                "Address": place(cv.office, cv.country)["Address"],
                "Email": {"Contact": cv.email},
                "Telephone": [{"Contact": cv.phone, "Use": {"Code": "work", "Label": "Work"}}],
            },
        },
        "Headline": {"Type": {"Code": "personal_statement", "Label": "PERSONAL STATEMENT"},
                     "Description": {"Label": cv.headline}},
        "WorkExperience": [{
            "Period": period(job["from"], job["to"]),
            "Position": {"Label": job["title"]},
            "Activities": "<ul>%s</ul>" % "".join("<li>%s</li>" % a for a in job["activities"]),
            "Employer": {"Name": job["employer"], "ContactInfo": place(job["city"], job["country"]),
                         "Sector": {"Code": job["sector"][0], "Label": job["sector"][1]}},
        } for job in cv.jobs],
        "Education": [{
            "Period": period(course["from"], course["to"]),
            "Title": course["title"],
            "Organisation": {"Name": course["school"], "ContactInfo": place(course["city"], course["country"])},
            "Level": {"Code": str(course["level"]), "Label": "EQF level %d" % course["level"]},
            "Field": {"Label": course["field"]},
        } for course in cv.schooling],
        "Skills": {
            "Linguistic": {
                "MotherTongue": [{"Description": {"Code": code, "Label": LANGUAGES[code][1]}}
                                 for code in cv.mother_tongues],
                "ForeignLanguage": [{"Description": {"Code": code, "Label": LANGUAGES[code][1]},
                                     "ProficiencyLevel": {dim: dims[dim] for dim in DIMENSIONS}}
                                    for code, dims in cv.foreign],
            },
            "Communication": {"Description": cv.skills_html("communication")},
            "Organisational": {"Description": cv.skills_html("organisational")},
            "JobRelated": {"Description": cv.skills_html("job")},
            "Computer": {"Description": cv.digital_html(),
                         "ProficiencyLevel": {area: cv.digital_levels[area] for area in DIGITAL_AREAS}},
        },
    }
    if not cv.foreign:
        del learner["Skills"]["Linguistic"]["ForeignLanguage"]
    for section in ("Communication", "Organisational", "JobRelated"):
        if not learner["Skills"][section]["Description"]:
            del learner["Skills"][section]
    document = {"SkillsPassport": {
        "Locale": "en",
        "DocumentInfo": {
            "DocumentType": "ECV",
            "CreationDate": "%04d-%02d-%02dT09:%02d:00.000Z" % (cv.updated[0], cv.updated[1] - 1 or 1, cv.updated[2],
                                                                cv.rng.randint(0, 59)),
            "LastUpdateDate": "%04d-%02d-%02dT17:%02d:00.000Z" % (cv.updated + (cv.rng.randint(0, 59),)),
            "XSDVersion": version,
            "Generator": "EWA",
            "Comment": "Europass CV",
            "EuropassLogo": True,
        },
        "LearnerInfo": learner,
    }}
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        json.dump(document, out, ensure_ascii=False, indent=2)
        out.write("\n")


def main(argv=None):
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=2027, help="random seed (default 2027)")
    parser.add_argument("--input", type=Path, default=repo / "examples" / "data" / "people.csv",
                        help="the cohort CSV (default examples/data/people.csv)")
    parser.add_argument("--output", type=Path, default=repo / "examples" / "data" / "cvs",
                        help="folder to write the CVs to (default examples/data/cvs)")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each CV written")
    args = parser.parse_args(argv)

    with open(args.input, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    args.output.mkdir(parents=True, exist_ok=True)
    # Earlier runs' CVs go, so that the folder holds exactly this run's.
    for old in args.output.glob("E*-*"):
        if old.suffix in (".xml", ".json"):
            old.unlink()
    writers = {"skillspassport": (write_skillspassport, "xml"), "candidate": (write_candidate, "xml"),
               "europass": (write_json, "json")}
    for fmt, row in choose(rows, args.seed):
        cv = Cv(row, args.seed)
        write, extension = writers[fmt]
        path = args.output / ("%s-%s.%s" % (cv.id, fmt, extension))
        write(cv, path)
        if args.verbose:
            print("%s  %-16s %-17s %-4s %4.1f years in CV (%s in CSV), EQF %d" % (
                path.name, cv.unit, cv.position[:17], cv.row["role"], cv.total_months / 12.0,
                cv.row["years_experience"], cv.eqf))
    return 0


if __name__ == "__main__":
    sys.exit(main())
