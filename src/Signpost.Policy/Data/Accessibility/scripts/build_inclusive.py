"""Builds inclusive-language.tsv for A11Y-INCLUSIVE from retext-equality's English data.

Usage: python3 build_inclusive.py <retext-equality data/en folder> > ../inclusive-language.tsv

Only a curated subset is kept: A11Y-INCLUSIVE must not fire on ordinary NHS wording, so words
that are normal in health communications ("disabled people", "mental health", "addiction
services", "Gypsy, Roma and Traveller", "ombudsman", "fellowship", "maternity", "mothers",
"crazy" in casual speech) are left out on purpose. Columns: phrase, suggestions (separated by
" | "), source, note. A space in a phrase matches spaces or a hyphen in the post.
"""
import os
import sys

import yaml

folder = sys.argv[1]

KEEP = {
    "ablist.yml": {
        "suffers from disabilities", "suffering from disabilities", "suffering from a disability",
        "afflicted with disabilities", "afflicted with a disability", "intellectually disabled people",
        "mentally ill", "mental defective", "mental case", "lunatic", "loony", "loony bin", "madhouse",
        "psycho", "schizo", "suffers from schizophrenia", "suffering from schizophrenia",
        "afflicted with schizophrenia", "handicapped", "handicapped parking", "cripple", "crippled",
        "retard", "retarded", "retards", "mongoloid", "stroke victim", "victim of a stroke",
        "suffering from a stroke", "suffers from multiple sclerosis", "suffering from multiple sclerosis",
        "victim of multiple sclerosis", "multiple sclerosis victim", "afflicted with multiple sclerosis",
        "suffers from muscular dystrophy", "afflicted with muscular dystrophy",
        "suffers from psychosis", "suffering from psychosis", "afflicted with psychosis",
        "victim of psychosis", "suffering from aids", "suffer from aids", "suffers from aids",
        "afflicted with aids", "victim of aids", "aids victim", "confined to a wheelchair",
        "bound to a wheelchair", "restricted to a wheelchair", "wheelchair bound", "deaf and dumb",
        "deafmute", "midget", "spaz", "spastic", "infantile paralysis", "suffers from polio",
        "suffering from polio", "afflicted with polio", "victim of polio", "junkie", "junkies",
    },
    "gender.yml": {
        "chairman", "chairmen", "manpower", "manmade", "mankind", "manhour", "man hour", "manhours",
        "man hours", "manned", "housewife", "housewives", "policeman", "policemen", "fireman",
        "firemen", "foreman", "foremen", "businessman", "businessmen", "salesman", "salesmen",
        "spokesman", "spokesmen", "layman", "laymen", "workman", "workmen", "cameraman", "cameramen",
        "postman", "postmen", "repairman", "repairmen", "handyman", "handymen", "craftsman", "craftsmen",
        "councilman", "councilmen", "clergyman", "clergymen", "common man", "working man",
        "cleaning man", "cleaning men", "newsman", "newsmen", "anchorman", "weatherman", "watchman",
        "man enough", "like a man", "ladylike", "man sized task", "mansized task", "cleaning lady",
        "cleaning ladies",
    },
    "suicide.yml": {
        "committed suicide", "completed suicide", "commit suicide", "complete suicide",
        "successful suicide", "suicide epidemic", "epidemic of suicides", "failed suicide",
        "suicide failure",
    },
    "race.yml": {
        "blacklist", "black list", "blacklisted", "blacklisting", "whitelist", "white list",
        "whitelisted", "whitelisting", "ghetto", "eskimo", "eskimos", "oriental", "orientals",
        "red indian", "red indians", "redskin", "redskins", "pow wow", "powwow", "too many chiefs",
        "off the reservation", "on the warpath", "spirit animal", "gyppo", "gyp", "japs",
    },
    "lgbtq.yml": {
        "sexual preference", "gay lifestyle", "homosexual lifestyle", "sex change", "sexchange",
        "sex change operation", "transgendered", "transgenderism", "tranny", "shemale", "she male",
        "hermaphrodite", "heshe", "shehe", "homosexual agenda", "gay agenda",
    },
    "misc.yml": {"man the fort"},
}

# NHS service manual, inclusive content (age; disabilities and conditions), OGL v3.0.
NHS = [
    ("the disabled", "disabled people", "disability: use 'disabled people'"),
    ("the elderly", "older people | people aged 65 and over", "age: describe the age group"),
    ("elderly people", "older people | people aged 65 and over", "age: describe the age group"),
    ("elderly patients", "older patients | patients aged 65 and over", "age: describe the age group"),
    ("old age pensioners", "older people | people aged 65 and over", "age: describe the age group"),
    ("mentally handicapped", "people with a learning disability", "disability"),
    ("suffers from", "has | lives with", "conditions: say 'has', not 'suffers from'"),
    ("suffering from", "who have | living with", "conditions: say 'has', not 'suffers from'"),
    ("suffer from", "have | live with", "conditions: say 'has', not 'suffers from'"),
    ("afflicted by", "has | lives with", "conditions: say 'has'"),
    ("wheelchair-bound", "wheelchair user | uses a wheelchair", "disability"),
    ("epileptics", "people with epilepsy", "conditions: put the person first"),
    ("diabetics", "people with diabetes", "conditions: put the person first"),
    ("asthmatics", "people with asthma", "conditions: put the person first"),
    # "We do not say: suffering from" covers the noun too ("dementia sufferers", "hay fever sufferer").
    ("sufferers", "people with | people living with", "conditions: say 'people with', not 'sufferers'"),
    ("sufferer", "person with | person living with", "conditions: say 'person with', not 'sufferer'"),
    ("diabetic person", "person with diabetes", "conditions: put the person first"),
    ("diabetic people", "people with diabetes", "conditions: put the person first"),
]

# Plain British replacements where retext-equality's first suggestion does not fit an NHS post.
OVERRIDES = {
    "mentally ill": "people with a mental health problem | people with mental illness",
    "mental case": "person with a mental health problem",
    "mental defective": "person with a learning disability",
    "loony": "person with a mental health problem",
    "lunatic": "person with a mental health problem",
    "psycho": "person with a mental health problem",
    "loony bin": "mental health hospital",
    "madhouse": "chaos | hectic",
    "retard": "person with a learning disability",
    "retarded": "with a learning disability",
    "retards": "people with a learning disability",
    "handicapped": "disabled | accessible",
    "handicapped parking": "accessible parking | disabled parking",
    "cripple": "disabled person",
    "crippled": "disabled",
    "mongoloid": "person with Down's syndrome",
    "midget": "person of short stature",
    "deaf and dumb": "deaf | Deaf",
    "deafmute": "deaf | Deaf",
    "spastic": "person with cerebral palsy",
    "spaz": "person with cerebral palsy",
    "ghetto": "deprived area",
    "gyp": "cheat",
    "gyppo": "Gypsy, Roma and Traveller",
    "chairman": "chair | chairperson",
    "chairmen": "chairs",
    "manpower": "workforce | staff | staffing",
    "fireman": "firefighter",
    "firemen": "firefighters",
    "postman": "postal worker",
    "postmen": "postal workers",
    "spirit animal": "favourite | inspiration",
    "man the fort": "cover | keep things running",
    "off the reservation": "go against | disobey",
    "on the warpath": "angry",
    "too many chiefs": "too many cooks",
    "eskimo": "Inuit",
    "eskimos": "Inuit",
}

rows = {}


def as_list(v):
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


for name, keep in KEEP.items():
    for entry in yaml.safe_load(open(os.path.join(folder, name), encoding="utf-8")):
        inconsiderate = entry["inconsiderate"]
        phrases = list(inconsiderate.keys()) if isinstance(inconsiderate, dict) else as_list(inconsiderate)
        considerate = entry.get("considerate")
        suggestions = list(considerate.keys()) if isinstance(considerate, dict) else as_list(considerate)
        for phrase in phrases:
            key = phrase.lower().strip()
            if key in keep and key not in rows:
                note = " ".join((entry.get("note") or "").split())
                joined = OVERRIDES.get(key) or " | ".join(s for s in suggestions if s)
                rows[key] = (joined, "retext-equality/" + name, note)

for phrase, suggestions, note in NHS:
    rows[phrase.replace("-", " ")] = (suggestions, "nhs-service-manual", note)

print("# phrase\tsuggestions\tsource\tnote  (generated by scripts/build_inclusive.py; see README.md)")
for phrase in sorted(rows):
    suggestions, source, note = rows[phrase]
    print(f"{phrase}\t{suggestions}\t{source}\t{note}")
