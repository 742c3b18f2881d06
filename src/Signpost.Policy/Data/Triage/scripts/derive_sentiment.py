#!/usr/bin/env python3
"""Derives Data/Triage/sentiment.tsv from AFINN-165 (Apache-2.0) and the VADER lexicon (MIT).

Usage: derive_sentiment.py AFINN-en-165.txt vader_lexicon.txt > sentiment.tsv

Single words only, lower case, apostrophes removed (the way the triage scanner normalises text).
AFINN scores are kept as they are (-5..+5). A VADER word that AFINN lacks is added with its mean
rating scaled to AFINN's range (mean * 1.25, rounded) when |mean| >= 1.0. Words about health,
illness and feelings are left out: in an NHS inbox "pain", "cancer" or "scared" describe the
sender's situation, not their view of the service, and must not turn a message into criticism.
"""
import re
import sys

HEALTH_AND_FEELINGS = set("""
pain painful pains sick sickness ill illness cancer disease died die dies dying death dead deaths hurt hurts hurting
injured injury injuries emergency suffering suffer suffers suffered wound wounded fever infection infected scared scary
afraid worried worry worries worrying anxious anxiety depressed depression stress stressed stressful fear fears feared
frightened frightening sad sadly sadness crying cry cries tears lonely grief grieving miss missed missing loss lost bleeding
panic fatal kill killed killing kills attack attacked collapse collapsed vulnerable victim victims abuse abused abusive
weak weakness tired exhausted struggle struggles struggling trouble troubled cough coughing vomit vomiting nausea headache
disabled disability diagnosed tumor tumour stroke poison poisoned overdose suicide suicidal harm harmed danger dangerous
risk risks threat threatened alone mourn mourning funeral ache aching sore agony crisis urgent help helpless hopeless
shock shocked upset upsetting cancelled cancel waiting wait
""".split())

# British usage in complaints about services ("it's a joke", "an absolute shambles").
OVERRIDES = {"joke": -2, "shambles": -3, "shambolic": -3, "disgrace": -3, "disgraceful": -3, "rubbish": -2,
             "diabolical": -3, "appalling": -3, "unacceptable": -2, "ridiculous": -2}

def norm(word):
    return word.lower().replace("'", "").replace("\u2019", "")

def main(afinn_path, vader_path):
    scores = {}
    with open(afinn_path, encoding="utf-8") as f:
        for line in f:
            word, score = line.rstrip("\n").split("\t")
            if " " in word or not re.fullmatch(r"[a-z']+", word):
                continue
            scores[norm(word)] = int(score)
    with open(vader_path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            word, mean = parts[0], float(parts[1])
            if not re.fullmatch(r"[a-z']{3,}", word) or abs(mean) < 1.0:
                continue
            w = norm(word)
            if w not in scores:
                scores[w] = max(-5, min(5, round(mean * 1.25)))
    scores.update(OVERRIDES)
    print("# word<TAB>score -5..+5. Derived from AFINN-165 (Finn Årup Nielsen, Apache-2.0) and the VADER lexicon")
    print("# (C.J. Hutto, MIT) by scripts/derive_sentiment.py; see README.md.")
    for w in sorted(scores):
        if w in HEALTH_AND_FEELINGS or scores[w] == 0:
            continue
        print(f"{w}\t{scores[w]}")

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
